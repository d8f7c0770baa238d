package io.n6k.client;

import java.util.List;
import java.util.Map;

import io.n6k.protocol.Args;
import org.jspecify.annotations.Nullable;

/**
 * A frame the client received: its header, as the server encoded it, and its body.
 *
 * @param header header map in wire order
 * @param body body bytes, possibly empty
 * @param raw the whole message as received
 * @author n6k
 * @since 0.1.0
 */
public record ReceivedFrame(Map<String, @Nullable Object> header, byte[] body, byte[] raw) {

	public int type() {
		Long t = Args.longValue(this.header.get("t"));
		return (t != null) ? t.intValue() : -1;
	}

	public @Nullable Long id() {
		return Args.longValue(this.header.get("id"));
	}

	/**
	 * Return {@code ns}, 0 when absent.
	 * @return the ns
	 */
	public long ns() {
		Long ns = Args.longValue(this.header.get("ns"));
		return (ns != null) ? ns : 0;
	}

	public boolean has(String key) {
		return this.header.containsKey(key);
	}

	public @Nullable Object get(String key) {
		return this.header.get(key);
	}

	public @Nullable String string(String key) {
		return (this.header.get(key) instanceof String s) ? s : null;
	}

	/**
	 * Return the header keys in the order they were encoded.
	 * @return the keys
	 */
	public List<String> keys() {
		return List.copyOf(this.header.keySet());
	}

	@Override
	public String toString() {
		return this.header + ((this.body.length > 0) ? " +" + this.body.length + " bytes" : "");
	}

}
