package io.n6k.backend;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import io.n6k.protocol.Op;
import org.apache.arrow.memory.BufferAllocator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RequestContext} for calling a backend directly in tests: request 1 of
 * connection {@code test}, never cancelled, with its cancel actions collected.
 *
 * @param catalog the catalog
 * @param op the operation
 * @param principal the principal, or {@code null} when anonymous
 * @param allocator the request's allocator
 * @param cancels where {@link #onCancel} puts its actions
 * @author n6k
 */
public record TestRequestContext(String catalog, Op op, @Nullable Principal principal, BufferAllocator allocator,
		List<Runnable> cancels) implements RequestContext {

	/**
	 * Create a context that collects its cancel actions in a new list.
	 * @param catalog the catalog
	 * @param op the operation
	 * @param principal the principal, or {@code null} when anonymous
	 * @param allocator the request's allocator
	 */
	public TestRequestContext(String catalog, Op op, @Nullable Principal principal, BufferAllocator allocator) {
		this(catalog, op, principal, allocator, new ArrayList<>());
	}

	@Override
	public long id() {
		return 1;
	}

	@Override
	public long ns() {
		return 0;
	}

	@Override
	public String connectionId() {
		return "test";
	}

	@Override
	public boolean isCancelled() {
		return false;
	}

	@Override
	public void onCancel(Runnable action) {
		this.cancels.add(action);
	}

}
