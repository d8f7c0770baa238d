package io.n6k.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Decodes one binary WebSocket message into a {@link Frame}: a msgpack map header
 * followed by a raw body. Decoding is lenient (any integer width, non-string keys
 * ignored, {@code bin}/{@code ext} read as {@code null}); a message that does not start
 * with a complete msgpack map is malformed.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class FrameDecoder {

	private static final int MAX_DEPTH = 64;

	private static final Charset UTF8 = StandardCharsets.UTF_8;

	private FrameDecoder() {
	}

	/**
	 * Decode a frame. The returned body is a slice of {@code message} (no copy).
	 * @param message the whole binary message
	 * @return the frame
	 * @throws MalformedFrameException if the message does not start with a msgpack map
	 */
	public static Frame decode(ByteBuffer message) throws MalformedFrameException {
		ByteBuffer buffer = message.slice();
		if (!buffer.hasRemaining()) {
			throw new MalformedFrameException("empty frame");
		}
		try (MessageUnpacker unpacker = unpacker(buffer)) {
			if (unpacker.getNextFormat().getValueType() != ValueType.MAP) {
				throw new MalformedFrameException("frame header is not a msgpack map");
			}
			boolean[] invalidText = new boolean[1];
			@SuppressWarnings("unchecked")
			Map<String, @Nullable Object> header = (Map<String, @Nullable Object>) Objects
				.requireNonNull(readValue(unpacker, 0, invalidText), "a msgpack map");
			long consumed = unpacker.getTotalReadBytes();
			ByteBuffer body = buffer.position((int) consumed).slice();
			return new Frame(header, body, invalidText[0]);
		}
		catch (IOException | MessagePackException | IllegalArgumentException ex) {
			throw new MalformedFrameException("frame header is not a complete msgpack map", ex);
		}
	}

	/**
	 * An unpacker of the message's header. msgpack reads a direct buffer through JDK
	 * internals that need {@code --add-opens}, so an off-heap message (a large one,
	 * joined off-heap) is read as a stream: msgpack copies only what it reads, the
	 * header.
	 */
	private static MessageUnpacker unpacker(ByteBuffer buffer) {
		if (!buffer.isDirect()) {
			return STRICT.newUnpacker(buffer.duplicate());
		}
		ByteBuffer source = buffer.duplicate();
		return STRICT.newUnpacker(new InputStream() {

			@Override
			public int read() {
				return source.hasRemaining() ? (source.get() & 0xff) : -1;
			}

			@Override
			public int read(byte[] bytes, int offset, int length) {
				if (!source.hasRemaining()) {
					return -1;
				}
				int count = Math.min(length, source.remaining());
				source.get(bytes, offset, count);
				return count;
			}

		});
	}

	/**
	 * Strings that are not UTF-8 are reported, not replaced: such arguments are unusable.
	 */
	private static final MessagePack.UnpackerConfig STRICT = new MessagePack.UnpackerConfig()
		.withActionOnMalformedString(CodingErrorAction.REPORT)
		.withActionOnUnmappableString(CodingErrorAction.REPORT);

	private static @Nullable Object readValue(MessageUnpacker unpacker, int depth, boolean[] invalidText)
			throws IOException, MalformedFrameException {
		if (depth > MAX_DEPTH) {
			throw new MalformedFrameException("frame header nests too deeply");
		}
		MessageFormat format = unpacker.getNextFormat();
		switch (format.getValueType()) {
			case NIL -> {
				unpacker.unpackNil();
				return null;
			}
			case BOOLEAN -> {
				return unpacker.unpackBoolean();
			}
			case INTEGER -> {
				if (format == MessageFormat.UINT64) {
					BigInteger value = unpacker.unpackBigInteger();
					return (value.bitLength() <= 63) ? (Object) value.longValue() : value;
				}
				return unpacker.unpackLong();
			}
			case FLOAT -> {
				if (format == MessageFormat.FLOAT32) {
					return unpacker.unpackFloat();
				}
				return unpacker.unpackDouble();
			}
			case STRING -> {
				int length = unpacker.unpackRawStringHeader();
				byte[] bytes = unpacker.readPayload(length);
				try {
					return UTF8.newDecoder()
						.onMalformedInput(CodingErrorAction.REPORT)
						.onUnmappableCharacter(CodingErrorAction.REPORT)
						.decode(ByteBuffer.wrap(bytes))
						.toString();
				}
				catch (CharacterCodingException ex) {
					invalidText[0] = true;
					return null;
				}
			}
			case ARRAY -> {
				int size = unpacker.unpackArrayHeader();
				List<@Nullable Object> list = new ArrayList<>(Math.min(size, 1024));
				for (int i = 0; i < size; i++) {
					list.add(readValue(unpacker, depth + 1, invalidText));
				}
				return list;
			}
			case MAP -> {
				int size = unpacker.unpackMapHeader();
				Map<String, @Nullable Object> map = new LinkedHashMap<>();
				for (int i = 0; i < size; i++) {
					Object key = readValue(unpacker, depth + 1, invalidText);
					Object value = readValue(unpacker, depth + 1, invalidText);
					if (key instanceof String name) {
						map.put(name, value);
					}
				}
				return map;
			}
			default -> {
				// bin and ext are not JSON-typed: the reference reads them as null.
				unpacker.skipValue();
				return null;
			}
		}
	}

}
