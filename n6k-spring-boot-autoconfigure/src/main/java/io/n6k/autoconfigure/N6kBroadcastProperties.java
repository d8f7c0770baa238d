package io.n6k.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the invalidation broadcast between instances.
 *
 * @author n6k
 * @since 0.1.0
 */
@ConfigurationProperties("n6k.invalidation")
public class N6kBroadcastProperties {

	/**
	 * Broker that carries invalidations to the other instances. When not set, Redis is
	 * used if the application has a RedisConnectionFactory, PostgreSQL if
	 * "n6k.invalidation.postgres.data-source" is set or "spring.datasource.url" is a
	 * PostgreSQL URL; set it when both apply.
	 */
	private @Nullable Broadcast broadcast;

	/**
	 * How often each instance checks its link to the broker by sending itself a heartbeat.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(1);

	/**
	 * How long without its heartbeat coming back before the link counts as down.
	 */
	private Duration linkTimeout = Duration.ofSeconds(3);

	private final Redis redis = new Redis();

	private final Postgres postgres = new Postgres();

	public @Nullable Broadcast getBroadcast() {
		return this.broadcast;
	}

	public void setBroadcast(@Nullable Broadcast broadcast) {
		this.broadcast = broadcast;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getLinkTimeout() {
		return this.linkTimeout;
	}

	public void setLinkTimeout(Duration linkTimeout) {
		this.linkTimeout = linkTimeout;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Postgres getPostgres() {
		return this.postgres;
	}

	/**
	 * The brokers.
	 */
	public enum Broadcast {

		/**
		 * Each instance pushes to its own clients only.
		 */
		NONE,

		/**
		 * Redis pub/sub.
		 */
		REDIS,

		/**
		 * PostgreSQL LISTEN/NOTIFY.
		 */
		POSTGRES

	}

	public static class Redis {

		/**
		 * Pub/sub channel, also the prefix of the keys n6k keeps in Redis.
		 */
		private String channel = "n6k-invalidation";

		public String getChannel() {
			return this.channel;
		}

		public void setChannel(String channel) {
			this.channel = channel;
		}

	}

	public static class Postgres {

		/**
		 * Bean name of the PostgreSQL DataSource to use, when the application has several
		 * DataSources (for example a DuckDB one and a PostgreSQL one). When not set, the
		 * application's only (or primary) DataSource.
		 */
		private @Nullable String dataSource;

		/**
		 * NOTIFY channel, also the prefix of the tables n6k creates (lower case letters,
		 * digits and underscores).
		 */
		private String channel = "n6k_invalidation";

		/**
		 * How long to wait before reconnecting the LISTEN connection after it broke.
		 */
		private Duration retryInterval = Duration.ofMillis(500);

		public @Nullable String getDataSource() {
			return this.dataSource;
		}

		public void setDataSource(@Nullable String dataSource) {
			this.dataSource = dataSource;
		}

		public String getChannel() {
			return this.channel;
		}

		public void setChannel(String channel) {
			this.channel = channel;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

	}

}
