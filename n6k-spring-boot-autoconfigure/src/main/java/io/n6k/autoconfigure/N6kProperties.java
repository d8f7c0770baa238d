package io.n6k.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the n6k server. Binding is strict: a key under {@code n6k.}
 * that names no property fails startup, and the values are checked while they bind,
 * before any database opens.
 *
 * @author n6k
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "n6k", ignoreUnknownFields = false)
public class N6kProperties implements Validator {

	/**
	 * Whether to serve n6k clients.
	 */
	private boolean enabled = true;

	private final Websocket websocket = new Websocket();

	private final KeepAlive keepAlive = new KeepAlive();

	private final HandshakeProperties handshake = new HandshakeProperties();

	private final Executor executor = new Executor();

	private final Auth auth = new Auth();

	private final Duckdb duckdb = new Duckdb();

	private final Sql sql = new Sql();

	private final Invalidation invalidation = new Invalidation();

	/**
	 * Catalogs to serve, by the name clients use. Each sets "path" (DuckDB file or
	 * ":memory:"), "read-only", and what it serves: "permissions" ("schema.table": read
	 * or readwrite) and/or "policies" (row policies per verb), or "access: all";
	 * optionally "primary-keys" ("schema.table": list of columns) and "auth-required".
	 */
	private final Map<String, Catalog> catalogs = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Websocket getWebsocket() {
		return this.websocket;
	}

	public KeepAlive getKeepAlive() {
		return this.keepAlive;
	}

	public HandshakeProperties getHandshake() {
		return this.handshake;
	}

	public Executor getExecutor() {
		return this.executor;
	}

	public Auth getAuth() {
		return this.auth;
	}

	public Duckdb getDuckdb() {
		return this.duckdb;
	}

	public Sql getSql() {
		return this.sql;
	}

	public Invalidation getInvalidation() {
		return this.invalidation;
	}

	public Map<String, Catalog> getCatalogs() {
		return this.catalogs;
	}

	@Override
	public boolean supports(Class<?> type) {
		return N6kProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		N6kPropertiesValidator.validate((N6kProperties) target, errors);
	}

	public static class Websocket {

		/**
		 * Path of the n6k WebSocket endpoint; may capture path variables, such as
		 * "/db/{tenant}/ws".
		 */
		private String path = "/ws";

		/**
		 * Comma-separated list of origins browsers may connect from ("*" for any); when
		 * empty, only the server's own origin. Non-browser clients (no Origin header, or
		 * a ws:// or wss:// one, as the DuckDB extension sends) are always accepted.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * Largest inbound message accepted; INSERT and RPC_TABLE bodies travel in one
		 * message.
		 */
		private DataSize maxBinaryMessageSize = DataSize.ofMegabytes(64);

		/**
		 * Queued outbound bytes per connection at which streams pause until the client
		 * reads.
		 */
		private DataSize sendBufferHighWater = DataSize.ofMegabytes(16);

		/**
		 * Queued outbound bytes per connection at which the client is considered stuck
		 * and the connection is closed.
		 */
		private DataSize sendBufferLimit = DataSize.ofMegabytes(256);

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public DataSize getMaxBinaryMessageSize() {
			return this.maxBinaryMessageSize;
		}

		public void setMaxBinaryMessageSize(DataSize maxBinaryMessageSize) {
			this.maxBinaryMessageSize = maxBinaryMessageSize;
		}

		public DataSize getSendBufferHighWater() {
			return this.sendBufferHighWater;
		}

		public void setSendBufferHighWater(DataSize sendBufferHighWater) {
			this.sendBufferHighWater = sendBufferHighWater;
		}

		public DataSize getSendBufferLimit() {
			return this.sendBufferLimit;
		}

		public void setSendBufferLimit(DataSize sendBufferLimit) {
			this.sendBufferLimit = sendBufferLimit;
		}

	}

	public static class KeepAlive {

		/**
		 * Interval between server PING frames on each connection; 0 disables them.
		 */
		private Duration interval = Duration.ofSeconds(25);

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	public static class HandshakeProperties {

		/**
		 * How long a connection that needs a HELLO (multiplexed, or authenticating by
		 * HELLO) may go without one before it is closed.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	public static class Executor {

		/**
		 * Threads running request work when virtual threads are not in use.
		 */
		private int poolSize = 16;

		public int getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(int poolSize) {
			this.poolSize = poolSize;
		}

	}

	public static class Auth {

		/**
		 * Whether clients must authenticate. Defaults to true when tokens, a
		 * TokenVerifier bean or servlet-principal are configured.
		 */
		private @Nullable Boolean required;

		/**
		 * Static tokens, by principal name. Each sets "value" (the secret) and,
		 * optionally, "catalogs" (the catalogs it may open; all when empty) and
		 * "attributes" (row-policy parameters, such as "tenant").
		 */
		private Map<String, Token> tokens = new LinkedHashMap<>();

		/**
		 * Whether a principal the web application authenticated on the upgrade request (a
		 * Spring Security login, for example) is accepted as the n6k principal. When
		 * false, such a login neither replaces an n6k token nor skips its catalog limits.
		 */
		private boolean servletPrincipal;

		public @Nullable Boolean getRequired() {
			return this.required;
		}

		public void setRequired(@Nullable Boolean required) {
			this.required = required;
		}

		public Map<String, Token> getTokens() {
			return this.tokens;
		}

		public void setTokens(Map<String, Token> tokens) {
			this.tokens = tokens;
		}

		public boolean isServletPrincipal() {
			return this.servletPrincipal;
		}

		public void setServletPrincipal(boolean servletPrincipal) {
			this.servletPrincipal = servletPrincipal;
		}

	}

	public static class Token {

		/**
		 * Secret the client presents as a bearer token, "?token=" or HELLO token.
		 */
		private @Nullable String value;

		/**
		 * Catalogs the token may open; empty for all.
		 */
		private Set<String> catalogs = new LinkedHashSet<>();

		/**
		 * Values of the principal's row-policy parameters, by name: "tenant: 42" is
		 * "$tenant" in n6k.catalogs.*.policies.
		 */
		private Map<String, Object> attributes = new LinkedHashMap<>();

		public @Nullable String getValue() {
			return this.value;
		}

		public void setValue(@Nullable String value) {
			this.value = value;
		}

		public Set<String> getCatalogs() {
			return this.catalogs;
		}

		public void setCatalogs(Set<String> catalogs) {
			this.catalogs = catalogs;
		}

		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, Object> attributes) {
			this.attributes = attributes;
		}

	}

	public static class Duckdb {

		/**
		 * JDBC URL of the DuckDB database to serve, when the application has no DuckDB
		 * DataSource; "jdbc:duckdb:" is a fresh in-memory database.
		 */
		private String url = "jdbc:duckdb:";

		/**
		 * Whether to serve the database of the application's DuckDB DataSource, when it
		 * has one, instead of opening one from the URL.
		 */
		private boolean useDataSource = true;

		/**
		 * SQL run at startup, after the catalogs are attached, when init-mode says so:
		 * statements, or "classpath:" and "file:" locations of scripts.
		 */
		private List<String> initSql = new ArrayList<>();

		/**
		 * When to run init-sql: against a new database only (in-memory, or files that did
		 * not exist before startup), always, or never.
		 */
		private InitMode initMode = InitMode.NEW;

		/**
		 * Threads DuckDB uses for query execution.
		 */
		private @Nullable Integer threads;

		/**
		 * Memory DuckDB may use, such as "2GB".
		 */
		private @Nullable String memoryLimit;

		/**
		 * Whether to lock the served instance down (no file or network access, no
		 * extension loading, configuration locked). Defaults to true when the starter
		 * opens the instance, false when it shares the application's DataSource.
		 */
		private @Nullable Boolean lockdown;

		/**
		 * Idle DuckDB connections kept for the next requests. Only connections that no
		 * client SQL or per-request state reached are kept; 0 opens a connection per
		 * request.
		 */
		private int maxIdleConnections = 16;

		public String getUrl() {
			return this.url;
		}

		public void setUrl(String url) {
			this.url = url;
		}

		public boolean isUseDataSource() {
			return this.useDataSource;
		}

		public void setUseDataSource(boolean useDataSource) {
			this.useDataSource = useDataSource;
		}

		public List<String> getInitSql() {
			return this.initSql;
		}

		public void setInitSql(List<String> initSql) {
			this.initSql = initSql;
		}

		public InitMode getInitMode() {
			return this.initMode;
		}

		public void setInitMode(InitMode initMode) {
			this.initMode = initMode;
		}

		public @Nullable Integer getThreads() {
			return this.threads;
		}

		public void setThreads(@Nullable Integer threads) {
			this.threads = threads;
		}

		public @Nullable String getMemoryLimit() {
			return this.memoryLimit;
		}

		public void setMemoryLimit(@Nullable String memoryLimit) {
			this.memoryLimit = memoryLimit;
		}

		public @Nullable Boolean getLockdown() {
			return this.lockdown;
		}

		public void setLockdown(@Nullable Boolean lockdown) {
			this.lockdown = lockdown;
		}

		public int getMaxIdleConnections() {
			return this.maxIdleConnections;
		}

		public void setMaxIdleConnections(int maxIdleConnections) {
			this.maxIdleConnections = maxIdleConnections;
		}

		/**
		 * When n6k.duckdb.init-sql runs.
		 */
		public enum InitMode {

			/**
			 * Only when every database file the starter opens (n6k.duckdb.url and
			 * n6k.catalogs.*.path) is new: created by this startup, or in memory. A
			 * shared DataSource's database counts as new while it holds no table or view.
			 */
			NEW,

			/**
			 * On every startup.
			 */
			ALWAYS,

			/**
			 * Never.
			 */
			NEVER

		}

	}

	public static class Invalidation {

		/**
		 * Whether to push committed shape changes of served DuckDB catalogs (tables,
		 * views, columns) to clients automatically, without calls to
		 * CatalogInvalidationService.
		 */
		private boolean auto;

		/**
		 * How often the automatic mode checks served catalogs for shape changes; changes
		 * within one interval are pushed together.
		 */
		private Duration autoInterval = Duration.ofSeconds(1);

		public boolean isAuto() {
			return this.auto;
		}

		public void setAuto(boolean auto) {
			this.auto = auto;
		}

		public Duration getAutoInterval() {
			return this.autoInterval;
		}

		public void setAutoInterval(Duration autoInterval) {
			this.autoInterval = autoInterval;
		}

		/**
		 * Broker that carries invalidations to the other instances. When not set, Redis
		 * is used if the application has a RedisConnectionFactory, PostgreSQL if
		 * "n6k.invalidation.postgres.data-source" is set or "spring.datasource.url" is a
		 * PostgreSQL URL; set it when both apply.
		 */
		private @Nullable Broadcast broadcast;

		/**
		 * How often each instance checks its link to the broker by sending itself a
		 * heartbeat.
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
			 * Bean name of the PostgreSQL DataSource to use, when the application has
			 * several DataSources (for example a DuckDB one and a PostgreSQL one). When
			 * not set, the application's only (or primary) DataSource.
			 */
			private @Nullable String dataSource;

			/**
			 * NOTIFY channel, also the prefix of the tables n6k creates (lower case
			 * letters, digits and underscores).
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

	public static class Sql {

		/**
		 * Comma-separated list of built-in table functions client SQL may call, in
		 * addition to range, generate_series, unnest and query_table.
		 */
		private Set<String> allowedTableFunctions = new LinkedHashSet<>();

		public Set<String> getAllowedTableFunctions() {
			return this.allowedTableFunctions;
		}

		public void setAllowedTableFunctions(Set<String> allowedTableFunctions) {
			this.allowedTableFunctions = allowedTableFunctions;
		}

	}

	public static class Catalog {

		/**
		 * DuckDB file (or ":memory:") to attach under the catalog's name; when unset the
		 * catalog must already exist in the database.
		 */
		private @Nullable String path;

		/**
		 * Whether clients may only read the catalog.
		 */
		private boolean readOnly;

		/**
		 * Whether clients of this catalog must authenticate; overrides n6k.auth.required.
		 */
		private @Nullable Boolean authRequired;

		/**
		 * Tables clients may use, as "schema.table" (a bare "table" means "main.table"),
		 * each "read" or "readwrite"; no other table exists for clients. A served catalog
		 * sets either this or "access".
		 */
		private @Nullable Map<String, String> permissions;

		/**
		 * Row policies per "schema.table" (a bare "table" means "main.table"): "select",
		 * "insert", "update" (a predicate, or "using" and "check") and "delete", each
		 * true or a DuckDB predicate over the table's columns that may use "$principal"
		 * and the principal's other parameters ("$tenant"). A verb without a policy is
		 * denied. May be combined with "permissions" for other tables.
		 */
		private @Nullable Map<String, Object> policies;

		/**
		 * What clients may use without a table list: "all" serves the whole catalog,
		 * readwrite with DDL unless read-only. A served catalog sets either this or
		 * "permissions".
		 */
		private @Nullable Access access;

		/**
		 * Primary key columns per "schema.table", overriding key discovery.
		 */
		private Map<String, List<String>> primaryKeys = new LinkedHashMap<>();

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public boolean isReadOnly() {
			return this.readOnly;
		}

		public void setReadOnly(boolean readOnly) {
			this.readOnly = readOnly;
		}

		public @Nullable Boolean getAuthRequired() {
			return this.authRequired;
		}

		public void setAuthRequired(@Nullable Boolean authRequired) {
			this.authRequired = authRequired;
		}

		public @Nullable Map<String, String> getPermissions() {
			return this.permissions;
		}

		public void setPermissions(@Nullable Map<String, String> permissions) {
			this.permissions = permissions;
		}

		public @Nullable Map<String, Object> getPolicies() {
			return this.policies;
		}

		public void setPolicies(@Nullable Map<String, Object> policies) {
			this.policies = policies;
		}

		public @Nullable Access getAccess() {
			return this.access;
		}

		public void setAccess(@Nullable Access access) {
			this.access = access;
		}

		public Map<String, List<String>> getPrimaryKeys() {
			return this.primaryKeys;
		}

		public void setPrimaryKeys(Map<String, List<String>> primaryKeys) {
			this.primaryKeys = primaryKeys;
		}

	}

	/**
	 * What a catalog serves when it lists no tables.
	 */
	public enum Access {

		/**
		 * The whole catalog.
		 */
		ALL

	}

}
