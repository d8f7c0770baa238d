package io.n6k.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Encodes the frames a server sends. Keys appear in the reference's order (protocol
 * §2.4), integers use the smallest msgpack encoding, {@code ns} is written only when
 * non-zero, and no frame carries a key its schema does not allow.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class FrameEncoder {

	private static final MessagePack.PackerConfig CONFIG = new MessagePack.PackerConfig().withBufferSize(512);

	private FrameEncoder() {
	}

	public static byte[] helloAck(long ns, List<String> capabilities) {
		return encode((p) -> {
			p.packMapHeader(5 + nsCount(ns));
			p.packString("t").packInt(FrameType.HELLO_ACK);
			p.packString("protocol_version").packInt(Protocol.VERSION);
			p.packString("max_concurrent_reqs").packInt(Protocol.MAX_CONCURRENT_REQUESTS);
			p.packString("default_batch_credits").packInt(Protocol.DEFAULT_BATCH_CREDITS);
			p.packString("capabilities");
			packStrings(p, capabilities);
			packTrailingNs(p, ns);
		});
	}

	public static byte[] helloErr(long ns, ExceptionType type, String message) {
		return encode((p) -> {
			p.packMapHeader(3 + (type.retriable() ? 1 : 0) + nsCount(ns));
			p.packString("t").packInt(FrameType.HELLO_ERR);
			p.packString("exception_type").packString(type.name());
			p.packString("exception_message").packString(message);
			if (type.retriable()) {
				p.packString("retriable").packBoolean(true);
			}
			packTrailingNs(p, ns);
		});
	}

	public static byte[] push(long ns, List<String> schemas) {
		return encode((p) -> {
			p.packMapHeader(3 + nsCount(ns));
			p.packString("t").packInt(FrameType.PUSH);
			p.packString("op").packInt(Op.CATALOG_INVALIDATED.code());
			p.packString("schemas");
			packStrings(p, schemas);
			packTrailingNs(p, ns);
		});
	}

	public static byte[] ping(long id) {
		return idOnly(FrameType.PING, id);
	}

	public static byte[] pong(long id) {
		return idOnly(FrameType.PONG, id);
	}

	public static byte[] err(long id, long ns, ExceptionType type, String message) {
		return encode((p) -> {
			p.packMapHeader(4 + nsCount(ns) + (type.retriable() ? 1 : 0));
			packIdNs(p, FrameType.ERR, id, ns);
			p.packString("exception_type").packString(type.name());
			p.packString("exception_message").packString(message);
			if (type.retriable()) {
				p.packString("retriable").packBoolean(true);
			}
		});
	}

	/**
	 * Header of a RESP_SCHEMA frame; the Arrow schema message follows as the body.
	 * @param id request id
	 * @param ns session
	 * @return header bytes
	 */
	public static byte[] respSchemaHeader(long id, long ns) {
		return encode((p) -> {
			p.packMapHeader(2 + nsCount(ns));
			packIdNs(p, FrameType.RESP_SCHEMA, id, ns);
		});
	}

	/**
	 * Header of an Arrow RESP_CHUNK frame; one IPC message follows as the body.
	 * @param id request id
	 * @param ns session
	 * @return header bytes
	 */
	public static byte[] arrowChunkHeader(long id, long ns) {
		return encode((p) -> {
			p.packMapHeader(3 + nsCount(ns));
			packIdNs(p, FrameType.RESP_CHUNK, id, ns);
			p.packString("arrow").packBoolean(true);
		});
	}

	public static byte[] schemasChunk(long id, long ns, List<String> schemas) {
		return encode((p) -> {
			p.packMapHeader(3 + nsCount(ns));
			packIdNs(p, FrameType.RESP_CHUNK, id, ns);
			p.packString("schemas");
			packStrings(p, schemas);
		});
	}

	public static byte[] tablesChunk(long id, long ns, List<TableInfo> tables) {
		return encode((p) -> {
			p.packMapHeader(3 + nsCount(ns));
			packIdNs(p, FrameType.RESP_CHUNK, id, ns);
			p.packString("tables");
			p.packArrayHeader(tables.size());
			for (TableInfo table : tables) {
				p.packMapHeader(5);
				p.packString("schema").packString(table.schema());
				p.packString("name").packString(table.name());
				p.packString("writable").packBoolean(table.writable());
				p.packString("editable").packBoolean(table.editable());
				p.packString("primary_keys");
				packStrings(p, table.primaryKeys());
			}
		});
	}

	/** {@code RESP_END{}}: no rowcount, ok or cancelled key. */
	public static byte[] end(long id, long ns) {
		return encode((p) -> {
			p.packMapHeader(2 + nsCount(ns));
			packIdNs(p, FrameType.RESP_END, id, ns);
		});
	}

	/** {@code RESP_END{rowcount}}; a {@code null} rowcount is written as msgpack nil. */
	public static byte[] endRowCount(long id, long ns, @Nullable Long rowCount) {
		return encode((p) -> {
			p.packMapHeader(3 + nsCount(ns));
			packIdNs(p, FrameType.RESP_END, id, ns);
			p.packString("rowcount");
			if (rowCount == null) {
				p.packNil();
			}
			else {
				p.packLong(rowCount);
			}
		});
	}

	public static byte[] endOk(long id, long ns) {
		return endFlag(id, ns, "ok");
	}

	public static byte[] endCancelled(long id, long ns) {
		return endFlag(id, ns, "cancelled");
	}

	private static byte[] endFlag(long id, long ns, String flag) {
		return encode((p) -> {
			p.packMapHeader(3 + nsCount(ns));
			packIdNs(p, FrameType.RESP_END, id, ns);
			p.packString(flag).packBoolean(true);
		});
	}

	private static byte[] idOnly(int type, long id) {
		return encode((p) -> {
			p.packMapHeader(2);
			p.packString("t").packInt(type);
			p.packString("id").packLong(id);
		});
	}

	private static int nsCount(long ns) {
		return (ns != 0) ? 1 : 0;
	}

	private static void packIdNs(MessageBufferPacker p, int type, long id, long ns) throws IOException {
		p.packString("t").packInt(type);
		p.packString("id").packLong(id);
		if (ns != 0) {
			p.packString("ns").packLong(ns);
		}
	}

	private static void packTrailingNs(MessageBufferPacker p, long ns) throws IOException {
		if (ns != 0) {
			p.packString("ns").packLong(ns);
		}
	}

	private static void packStrings(MessageBufferPacker p, List<String> values) throws IOException {
		p.packArrayHeader(values.size());
		for (String value : values) {
			p.packString(value);
		}
	}

	private static byte[] encode(Body body) {
		try (MessageBufferPacker packer = CONFIG.newBufferPacker()) {
			body.pack(packer);
			return packer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface Body {

		void pack(MessageBufferPacker packer) throws IOException;

	}

}
