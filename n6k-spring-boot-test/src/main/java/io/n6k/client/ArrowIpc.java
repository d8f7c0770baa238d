package io.n6k.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.jspecify.annotations.Nullable;

/**
 * Writes Arrow IPC streams, the body of INSERT and RPC_TABLE requests.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class ArrowIpc {

	private ArrowIpc() {
	}

	/**
	 * Write one batch as a complete IPC stream (schema, batch, end-of-stream).
	 * @param root the rows
	 * @return the stream
	 */
	public static byte[] stream(VectorSchemaRoot root) {
		return stream(root, null, true);
	}

	/**
	 * Write an IPC stream.
	 * @param root the rows
	 * @param dictionaries dictionaries of encoded columns, or {@code null}
	 * @param withBatch whether to write the batch (false writes a schema-only stream)
	 * @return the stream
	 */
	public static byte[] stream(VectorSchemaRoot root, @Nullable DictionaryProvider dictionaries, boolean withBatch) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ArrowStreamWriter writer = new ArrowStreamWriter(root, dictionaries, Channels.newChannel(out))) {
			writer.start();
			if (withBatch) {
				writer.writeBatch();
			}
			writer.end();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

}
