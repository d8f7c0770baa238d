package io.n6k.server;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessageAssembler}.
 *
 * @author n6k
 */
class MessageAssemblerTests {

	@Test
	void fragmentsAreJoinedInOrder() throws Exception {
		MessageAssembler assembler = new MessageAssembler(1024 * 1024);
		assertThat(assembler.add(ByteBuffer.wrap(new byte[] { 1, 2 }), false)).isNull();
		assertThat(assembler.add(ByteBuffer.wrap(new byte[] { 3 }), false)).isNull();
		ByteBuffer whole = assembler.add(ByteBuffer.wrap(new byte[] { 4, 5 }), true);
		assertThat(bytes(whole)).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void manyFragmentsGrowTheBufferPastItsFirstSize() throws Exception {
		MessageAssembler assembler = new MessageAssembler(10 * 1024 * 1024);
		byte[] fragment = new byte[32 * 1024];
		int parts = 100;
		for (int i = 0; i < parts - 1; i++) {
			fragment[0] = (byte) i;
			assertThat(assembler.add(ByteBuffer.wrap(fragment), false)).isNull();
		}
		fragment[0] = (byte) (parts - 1);
		byte[] whole = bytes(assembler.add(ByteBuffer.wrap(fragment), true));
		assertThat(whole).hasSize(parts * fragment.length);
		for (int i = 0; i < parts; i++) {
			assertThat(whole[i * fragment.length]).isEqualTo((byte) i);
		}
	}

	@Test
	void aSinglePartMessageIsCopiedBecauseTheContainerReusesItsBuffer() throws Exception {
		MessageAssembler assembler = new MessageAssembler(1024);
		byte[] container = { 7, 8, 9 };
		ByteBuffer whole = assembler.add(ByteBuffer.wrap(container), true);
		container[0] = 0;
		assertThat(bytes(whole)).containsExactly(7, 8, 9);
	}

	@Test
	void aMessageOverTheLimitIsRefusedAndTheNextOneStartsAfresh() throws Exception {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.add(ByteBuffer.wrap(new byte[6]), false)).isNull();
		assertThatExceptionOfType(MessageAssembler.MessageTooBigException.class)
			.isThrownBy(() -> assembler.add(ByteBuffer.wrap(new byte[5]), true));
		assertThat(bytes(assembler.add(ByteBuffer.wrap(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }), true)))
			.hasSize(10);
		assertThatExceptionOfType(MessageAssembler.MessageTooBigException.class)
			.isThrownBy(() -> assembler.add(ByteBuffer.wrap(new byte[11]), true));
	}

	private static byte[] bytes(ByteBuffer buffer) {
		assertThat(buffer).isNotNull();
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
