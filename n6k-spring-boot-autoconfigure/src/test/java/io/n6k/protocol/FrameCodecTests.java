package io.n6k.protocol;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Byte-exact frames of protocol §2.5 and lenient decoding (§2.2, §2.6).
 */
class FrameCodecTests {

	@Test
	void helloAckIsNinetyNineBytesAndGainsNsLast() {
		assertThat(hex(FrameEncoder.helloAck(0, Protocol.CAPABILITIES)))
			.isEqualTo(("85 a1 74 0c b0 70 72 6f 74 6f 63 6f 6c 5f "
					+ "76 65 72 73 69 6f 6e 06 b3 6d 61 78 5f 63 6f 6e 63 75 72 72 65 6e 74 5f 72 65 71 73 40 b5 64 65 66 61 75 6c 74 "
					+ "5f 62 61 74 63 68 5f 63 72 65 64 69 74 73 08 ac 63 61 70 61 62 69 6c 69 74 69 65 73 91 b2 61 67 67 72 65 67 61 "
					+ "74 65 5f 70 75 73 68 64 6f 77 6e")
				.replace(" ", ""));
		assertThat(FrameEncoder.helloAck(0, Protocol.CAPABILITIES)).hasSize(99);
		byte[] withNs = FrameEncoder.helloAck(3, Protocol.CAPABILITIES);
		assertThat(withNs).hasSize(103);
		assertThat(hex(withNs)).startsWith("86").endsWith("a26e7303");
	}

	@Test
	void responseFramesMatchTheReferenceBytes() {
		assertThat(hex(FrameEncoder.respSchemaHeader(1, 0))).isEqualTo("82a17402a2696401");
		assertThat(hex(FrameEncoder.arrowChunkHeader(1, 0))).isEqualTo("83a17403a2696401a56172726f77c3");
		assertThat(hex(FrameEncoder.endRowCount(1, 0, null))).isEqualTo("83a17404a2696401a8726f77636f756e74c0");
		assertThat(hex(FrameEncoder.endOk(9, 0))).isEqualTo("83a17404a2696409a26f6bc3");
		assertThat(hex(FrameEncoder.endCancelled(5, 0))).isEqualTo("83a17404a2696405a963616e63656c6c6564c3");
		assertThat(hex(FrameEncoder.endRowCount(7, 2, 1L))).isEqualTo("84a17404a2696407a26e7302a8726f77636f756e7401");
		assertThat(hex(FrameEncoder.schemasChunk(2, 0, List.of("main", "test_schema"))))
			.isEqualTo("83a17403a2696402a7736368656d617392a46d61696eab746573745f736368656d61");
		assertThat(hex(FrameEncoder.ping(1))).isEqualTo("82a17409a2696401");
		assertThat(hex(FrameEncoder.pong(77))).isEqualTo("82a1740aa269644d");
		assertThat(hex(FrameEncoder.push(0, List.of("main"))))
			.isEqualTo("83a17408a26f700ca7736368656d617391a46d61696e");
		assertThat(hex(FrameEncoder.err(3, 0, ExceptionType.TransactionException, "conflict")))
			.isEqualTo("85a17405a2696403ae657863657074696f6e5f74797065b45472616e73616374696f6e457863657074696f6e"
					+ "b1657863657074696f6e5f6d657373616765a8636f6e666c696374a9726574726961626c65c3");
		assertThat(FrameEncoder.helloErr(0, ExceptionType.InvalidInputException, "unauthorized")).hasSize(72);
	}

	@Test
	void tablesChunkWritesAllFiveKeysInOrder() {
		byte[] frame = FrameEncoder.tablesChunk(1, 0, List.of(new TableInfo("main", "users", true, true, List.of())));
		assertThat(hex(frame)).endsWith("85a6736368656d61a46d61696ea46e616d65a57573657273a8777269746162"
				+ "6c65c3a8656469746162" + "6c65c3ac7072696d6172795f6b65797390");
	}

	@Test
	void integersUseTheSmallestEncoding() {
		assertThat(hex(FrameEncoder.endRowCount(1, 0, 300L))).endsWith("cd012c");
		assertThat(hex(FrameEncoder.endRowCount(1, 0, -1L))).endsWith("ff");
		assertThat(hex(FrameEncoder.endRowCount(1, 0, -200L))).endsWith("d1ff38");
		assertThat(hex(FrameEncoder.endRowCount(1, 0, 1L << 40))).endsWith("cf0000010000000000");
	}

	@Test
	void decodingIsLenient() throws Exception {
		byte[] nativeHello = HexFormat.of().parseHex("84a174" + "0ba5746f6b656ea0a7636174616c6f67a26462a26e7301");
		Frame hello = FrameDecoder.decode(ByteBuffer.wrap(nativeHello));
		assertThat(hello.type()).isEqualTo(FrameType.HELLO);
		assertThat(hello.ns()).isEqualTo(1);
		assertThat(hello.args().string("catalog")).isEqualTo("db");
		Frame wide = FrameDecoder.decode(
				ByteBuffer.wrap(HexFormat.of().parseHex("83a174d30000000000000001a26964ce00000005" + "01c4016161")));
		assertThat(wide.type()).isEqualTo(1);
		assertThat(wide.id()).isEqualTo(5);
		assertThat(wide.header()).doesNotContainKey("1");
		MessageBufferPacker wideId = MessagePack.newDefaultBufferPacker();
		wideId.packMapHeader(2)
			.packString("t")
			.packInt(1)
			.packString("id")
			.packBigInteger(new BigInteger("18446744073709551615"));
		Frame unsigned = FrameDecoder.decode(ByteBuffer.wrap(wideId.toByteArray()));
		assertThat(unsigned.id()).isEqualTo(0xFFFFFFFFL);
		Frame withBody = FrameDecoder.decode(ByteBuffer.wrap(HexFormat.of().parseHex("81a17401" + "deadbeef")));
		assertThat(withBody.body().remaining()).isEqualTo(4);
		Frame floats = FrameDecoder.decode(ByteBuffer.wrap(HexFormat.of().parseHex("82a17401a178ca3f8ccccd")));
		assertThat(floats.header().get("x")).isEqualTo(1.1f);
		Frame bin = FrameDecoder.decode(ByteBuffer.wrap(HexFormat.of().parseHex("82a17401a373716cc4026869")));
		assertThat(bin.header()).containsEntry("sql", null);
		assertThat(bin.args().name("sql")).isNull();
	}

	@Test
	void argsReadWrongTypesAsAbsent() throws Exception {
		MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
		packer.packMapHeader(5).packString("t").packInt(1).packString("schema").packString("");
		packer.packString("table")
			.packInt(5)
			.packString("columns")
			.packArrayHeader(3)
			.packString("a")
			.packInt(1)
			.packString("b");
		packer.packString("_batch_rows").packDouble(2.0);
		Args args = FrameDecoder.decode(ByteBuffer.wrap(packer.toByteArray())).args();
		assertThat(args.name("schema")).isNull();
		assertThat(args.name("table")).isNull();
		assertThat(args.strings("columns")).containsExactly("a", "b");
		assertThat(args.batchRows()).isEqualTo(2);
		assertThat(args.get("t")).isNull();
	}

	@Test
	void framesThatAreNotMapsAreMalformed() {
		for (String bytes : List.of("", "91" + "01", "85a1", "c0", "a3616263", "8f")) {
			assertThatExceptionOfType(MalformedFrameException.class).as(bytes)
				.isThrownBy(() -> FrameDecoder.decode(ByteBuffer.wrap(HexFormat.of().parseHex(bytes))));
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
