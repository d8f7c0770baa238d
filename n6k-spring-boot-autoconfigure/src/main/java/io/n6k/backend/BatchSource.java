package io.n6k.backend;

import java.util.concurrent.CompletionStage;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Arrow batches of a streaming result, pulled by the engine one at a time and only as
 * credits allow. Every method but {@link #cancel()} is called from one thread at a time.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface BatchSource extends AutoCloseable {

	/**
	 * Return the schema of every batch; sent as RESP_SCHEMA before the first batch.
	 * @return the schema
	 * @throws Exception if the schema cannot be determined
	 */
	Schema schema() throws Exception;

	/**
	 * Load the next batch. May block (it runs on a request worker, never on a container
	 * thread). The returned root stays owned by the source and is valid until the next
	 * call or {@link #close()}.
	 * @return the batch, or {@code null} at the end of the stream
	 * @throws Exception if producing the batch failed
	 */
	@Nullable VectorSchemaRoot next() throws Exception;

	/**
	 * Return a stage that completes when {@link #next()} can run without waiting, or
	 * {@code null} when it can run now. Sources that wait for something (a remote system,
	 * a timer) return a stage so that waiting holds no thread.
	 * @return a stage or {@code null}
	 */
	default @Nullable CompletionStage<?> whenReady() {
		return null;
	}

	/**
	 * Stop work in progress because the request was cancelled or its connection closed.
	 * Called from another thread, possibly while {@link #next()} is running.
	 */
	default void cancel() {
	}

	/**
	 * Release everything the source holds. Runs before the request's terminal frame.
	 */
	@Override
	void close();

}
