package io.n6k.protocol;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FrameDecoder} on messages joined off-heap (large INSERT and RPC_TABLE
 * bodies): they decode as heap messages do, without JDK internals msgpack would need
 * {@code --add-opens} for.
 *
 * @author n6k
 */
class FrameDecoderOffHeapTests {

	@Test
	void anOffHeapMessageDecodesAsAHeapOne() throws Exception {
		byte[] message = HexFormat.of()
			.parseHex("85a17401a2696405a26f7005a6736368656d61a46d61696ea57461626c65a57573657273" + "deadbeef");
		Frame heap = FrameDecoder.decode(ByteBuffer.wrap(message));
		Frame direct = FrameDecoder.decode(direct(message));
		assertThat(direct.header()).isEqualTo(heap.header());
		assertThat(direct.args().string("table")).isEqualTo("users");
		assertThat(direct.body()).isEqualTo(heap.body());
		assertThat(direct.body().isDirect()).isTrue();
		assertThat(direct.body().remaining()).isEqualTo(4);
	}

	@Test
	void anOffHeapMessageWithoutAWholeHeaderIsMalformed() {
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> FrameDecoder.decode(direct(HexFormat.of().parseHex("85a17401a26964"))));
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> FrameDecoder.decode(direct(HexFormat.of().parseHex("a3616263"))));
	}

	@Test
	void invalidTextInAnOffHeapHeaderIsReported() throws Exception {
		Frame frame = FrameDecoder.decode(direct(HexFormat.of().parseHex("82a17401a373716ca2c328")));
		assertThat(frame.invalidText()).isTrue();
		assertThat(frame.header()).containsEntry("sql", null);
	}

	private static ByteBuffer direct(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
		buffer.put(bytes).flip();
		return buffer;
	}

}
