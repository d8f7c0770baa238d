package io.n6k.sample.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.n6k.access.N6kAuthenticationException;
import io.n6k.backend.Handshake;
import io.n6k.backend.N6kRejectException;
import io.n6k.server.ConnectionPlan;
import io.n6k.server.ConnectionPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /tuned} mount (protocol §1.2, §9.4): {@code ?catalogs=a,b} (two or more make
 * a multiplexed connection), {@code ?ping_interval_ms=} and {@code ?require_token=}.
 */
final class TunedPolicy implements ConnectionPolicy {

	private final @Nullable Duration keepAlive;

	TunedPolicy(@Nullable Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	@Override
	public ConnectionPlan plan(Handshake handshake) throws N6kRejectException {
		List<String> catalogs = new ArrayList<>();
		String raw = handshake.queryParameter("catalogs");
		if (raw != null) {
			for (String item : raw.split(",", -1)) {
				String name = item.strip();
				if (name.isEmpty()) {
					continue;
				}
				String letters = name.replace("_", "");
				if (letters.isEmpty() || !letters.codePoints().allMatch(Character::isLetterOrDigit)) {
					throw new N6kRejectException(N6kRejectException.BAD_REQUEST, "invalid catalog name '" + name + "'");
				}
				if (catalogs.contains(name)) {
					throw new N6kRejectException(N6kRejectException.BAD_REQUEST, "duplicate catalog name");
				}
				catalogs.add(name);
			}
		}
		if (catalogs.isEmpty()) {
			catalogs.add("db");
		}
		Duration keepAlive = this.keepAlive;
		String ping = handshake.queryParameter("ping_interval_ms");
		if (ping != null) {
			long millis;
			try {
				millis = Long.parseLong(ping.strip());
			}
			catch (NumberFormatException ex) {
				throw new N6kRejectException(N6kRejectException.BAD_REQUEST, "invalid ping_interval_ms '" + ping + "'");
			}
			if (millis < 0) {
				throw new N6kRejectException(N6kRejectException.BAD_REQUEST, "ping_interval_ms must not be negative");
			}
			keepAlive = Duration.ofMillis(millis);
		}
		String required = handshake.queryParameter("require_token");
		if (required == null) {
			return new ConnectionPlan(catalogs, keepAlive, null, false);
		}
		return new ConnectionPlan(catalogs, keepAlive, (token, catalog) -> {
			if (!required.equals(token)) {
				throw new N6kAuthenticationException("bad token for catalog '" + catalog + "'");
			}
			return () -> "tuned";
		}, true);
	}

}
