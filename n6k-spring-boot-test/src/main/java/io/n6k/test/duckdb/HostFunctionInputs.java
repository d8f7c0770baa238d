package io.n6k.test.duckdb;

import java.io.IOException;

import io.n6k.backend.ArrowPayload;
import io.n6k.backend.RpcCall;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/**
 * Reading the rows a client pushed to a host RPC function, as the conformance fixtures'
 * "sum the input" functions do.
 *
 * @author n6k
 * @since 0.1.0
 */
public final class HostFunctionInputs {

	private HostFunctionInputs() {
	}

	/**
	 * Sum the non-null values of the first column of the rows pushed with the call.
	 * @param call the call
	 * @return the sum, {@code 0} when nothing was pushed
	 * @throws IllegalArgumentException when the pushed body is not Arrow IPC
	 */
	public static long sumFirstColumn(RpcCall call) {
		ArrowPayload input = call.input();
		if (input == null) {
			return 0;
		}
		long total = 0;
		try (ArrowStreamReader reader = input.openReader(call.context().allocator())) {
			while (reader.loadNextBatch()) {
				FieldVector vector = reader.getVectorSchemaRoot().getVector(0);
				for (int i = 0; i < vector.getValueCount(); i++) {
					if (!vector.isNull(i)) {
						total += ((Number) vector.getObject(i)).longValue();
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("malformed Arrow IPC input: " + ex.getMessage(), ex);
		}
		return total;
	}

}
