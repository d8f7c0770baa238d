package io.n6k.duckdb;

import java.util.concurrent.CompletionStage;

import io.n6k.backend.BatchSource;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The stream of a client's DDL sent as QUERY: its transaction commits when the stream
 * ends, so the shape version moves on again at the end and when the stream is closed
 * (also after a cancel, which rolls it back).
 *
 * @author n6k
 */
final class ShapeChangingSource implements BatchSource {

	private final BatchSource source;

	private final CatalogCaches caches;

	ShapeChangingSource(BatchSource source, CatalogCaches caches) {
		this.source = source;
		this.caches = caches;
	}

	@Override
	public Schema schema() throws Exception {
		return this.source.schema();
	}

	@Override
	public @Nullable VectorSchemaRoot next() throws Exception {
		VectorSchemaRoot batch = this.source.next();
		if (batch == null) {
			// the end of the stream committed the change
			this.caches.changed();
		}
		return batch;
	}

	@Override
	public @Nullable CompletionStage<?> whenReady() {
		return this.source.whenReady();
	}

	@Override
	public void cancel() {
		this.source.cancel();
	}

	@Override
	public void close() {
		try {
			this.source.close();
		}
		finally {
			this.caches.changed();
		}
	}

}
