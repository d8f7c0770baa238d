package io.n6k.server;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

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

	@Test
	void aMultiPartMessageIsJoinedOffHeapWithItsBodyAligned() throws Exception {
		for (int padding = 0; padding < 70; padding += 7) {
			byte[] header = header(padding);
			byte[] message = message(header, 200 * 1024);
			MessageAssembler assembler = new MessageAssembler(1024 * 1024);
			ByteBuffer whole = null;
			for (int offset = 0; offset < message.length; offset += 32 * 1024) {
				int length = Math.min(32 * 1024, message.length - offset);
				whole = assembler.add(ByteBuffer.wrap(message, offset, length), offset + length == message.length);
			}
			assertThat(whole).isNotNull();
			assertThat(whole.isDirect()).isTrue();
			assertThat(whole.alignmentOffset(header.length, MessageAssembler.ALIGNMENT)).as("body of %s", padding)
				.isZero();
			assertThat(bytes(whole)).isEqualTo(message);
		}
	}

	@Test
	void aLargeSinglePartMessageIsCopiedOffHeapWithItsBodyAligned() throws Exception {
		byte[] header = header(5);
		byte[] container = message(header, MessageAssembler.DIRECT_THRESHOLD);
		byte[] expected = container.clone();
		ByteBuffer whole = new MessageAssembler(1024 * 1024).add(ByteBuffer.wrap(container), true);
		container[container.length - 1]++;
		assertThat(whole.isDirect()).isTrue();
		assertThat(whole.alignmentOffset(header.length, MessageAssembler.ALIGNMENT)).isZero();
		assertThat(bytes(whole)).isEqualTo(expected);
	}

	@Test
	void aMessageWithoutAWholeHeaderIsJoinedUnchanged() throws Exception {
		byte[] message = new byte[100 * 1024];
		for (int i = 0; i < message.length; i++) {
			message[i] = (byte) (0xc1 + i);
		}
		MessageAssembler assembler = new MessageAssembler(1024 * 1024);
		assertThat(assembler.add(ByteBuffer.wrap(message, 0, 1000), false)).isNull();
		assertThat(bytes(assembler.add(ByteBuffer.wrap(message, 1000, message.length - 1000), true)))
			.isEqualTo(message);
	}

	/** A msgpack map header whose length varies with {@code padding}. */
	private static byte[] header(int padding) throws Exception {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.packMapHeader(2).packString("t").packInt(1).packString("pad").packString("x".repeat(padding));
			return packer.toByteArray();
		}
	}

	private static byte[] message(byte[] header, int bodyLength) {
		byte[] message = new byte[header.length + bodyLength];
		System.arraycopy(header, 0, message, 0, header.length);
		for (int i = header.length; i < message.length; i++) {
			message[i] = (byte) (i * 31);
		}
		return message;
	}

	private static byte[] bytes(ByteBuffer buffer) {
		assertThat(buffer).isNotNull();
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

}
