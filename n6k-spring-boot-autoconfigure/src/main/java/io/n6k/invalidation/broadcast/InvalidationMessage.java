package io.n6k.invalidation.broadcast;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A message between instances, as text: {@code I epoch version instance catalog schema…}
 * for an invalidation, {@code H instance nonce} for a heartbeat. Fields are URL-encoded
 * and separated by one space; a lone {@code !} instead of the schemas means "too large to
 * carry, read them from the broker".
 *
 * @param heartbeat whether this is a heartbeat
 * @param instance the sending instance
 * @param epoch the broker's epoch (invalidations)
 * @param version the catalog's sequence number (invalidations)
 * @param catalog the catalog (invalidations), or the nonce (heartbeats)
 * @param schemas the schemas, or {@code null} when they must be read from the broker
 * @author n6k
 * @since 0.1.0
 */
public record InvalidationMessage(boolean heartbeat, String instance, String epoch, long version, String catalog,
		@Nullable List<String> schemas) {

	private static final String TOO_LARGE = "!";

	/**
	 * Return the part of an invalidation that follows the epoch and version.
	 * @param instance the sending instance
	 * @param catalog the catalog
	 * @param schemas the schemas, or {@code null} to send the "read them from the broker"
	 * marker
	 * @return the text
	 */
	public static String body(String instance, String catalog, @Nullable List<String> schemas) {
		StringBuilder text = new StringBuilder().append(encode(instance)).append(' ').append(encode(catalog));
		if (schemas == null) {
			text.append(' ').append(TOO_LARGE);
		}
		else {
			schemas.forEach((schema) -> text.append(' ').append(encode(schema)));
		}
		return text.toString();
	}

	/**
	 * Return the text of an invalidation.
	 * @param epoch the broker's epoch
	 * @param version the catalog's sequence number
	 * @param body the {@link #body}
	 * @return the text
	 */
	public static String invalidation(String epoch, long version, String body) {
		return "I " + encode(epoch) + " " + version + " " + body;
	}

	/**
	 * Return the text of a heartbeat.
	 * @param instance the sending instance
	 * @param nonce tells heartbeats apart
	 * @return the text
	 */
	public static String heartbeat(String instance, String nonce) {
		return "H " + encode(instance) + " " + encode(nonce);
	}

	/**
	 * Parse a message.
	 * @param text the text
	 * @return the message, or {@code null} when the text is not one (another application
	 * on the same channel)
	 */
	public static @Nullable InvalidationMessage parse(String text) {
		String[] parts = text.split(" ", -1);
		try {
			if (parts.length == 3 && parts[0].equals("H")) {
				return new InvalidationMessage(true, decode(parts[1]), "", 0, decode(parts[2]), List.of());
			}
			if (parts.length >= 6 && parts[0].equals("I")) {
				List<String> schemas = null;
				if (!(parts.length == 6 && parts[5].equals(TOO_LARGE))) {
					schemas = new ArrayList<>();
					for (int i = 5; i < parts.length; i++) {
						schemas.add(decode(parts[i]));
					}
				}
				return new InvalidationMessage(false, decode(parts[3]), decode(parts[1]), Long.parseLong(parts[2]),
						decode(parts[4]), schemas);
			}
		}
		catch (IllegalArgumentException ex) {
			// not ours
		}
		return null;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
