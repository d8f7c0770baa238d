package io.n6k.invalidation.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.n6k.invalidation.broadcast.Broker;
import io.n6k.invalidation.broadcast.InvalidationMessage;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Invalidations through PostgreSQL: messages by {@code NOTIFY} on one channel, received
 * by {@code LISTEN} on a dedicated connection taken from the {@link DataSource} and held
 * while the application runs; the catalogs' sequence numbers, the schemas' stamps and the
 * shared baseline in two tables named after the channel ({@code <channel>_catalogs},
 * {@code <channel>_schemas}, created when missing). Numbering, stamping and notifying
 * happen in one transaction, so notifications arrive in number order. A notification
 * larger than PostgreSQL's payload limit (8000 bytes) goes out without its schemas, and
 * receivers read them from the stamps.
 *
 * @author n6k
 * @since 0.1.0
 */
public class PostgresBroker implements Broker {

	/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
	static final int MAX_PAYLOAD = 7999;

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,40}");

	private final DataSource dataSource;

	private final String channel;

	private final String catalogs;

	private final String schemas;

	private final Duration retryInterval;

	private volatile boolean tablesReady;

	private volatile boolean running;

	private @Nullable Thread listener;

	/**
	 * Create a broker.
	 * @param dataSource a PostgreSQL data source
	 * @param channel the NOTIFY channel, also the prefix of the tables: lower case
	 * letters, digits and underscores
	 * @param retryInterval how long to wait before reconnecting the listening connection
	 */
	public PostgresBroker(DataSource dataSource, String channel, Duration retryInterval) {
		if (!IDENTIFIER.matcher(channel).matches()) {
			throw new IllegalArgumentException("The PostgreSQL channel must be lower case letters, digits and "
					+ "underscores (at most 41), but was '" + channel + "'");
		}
		this.dataSource = dataSource;
		this.channel = channel;
		this.catalogs = channel + "_catalogs";
		this.schemas = channel + "_schemas";
		this.retryInterval = retryInterval;
	}

	@Override
	public String name() {
		return "postgres";
	}

	@Override
	public void start(Receiver receiver) {
		this.running = true;
		Thread thread = new Thread(() -> listen(receiver), "n6k-invalidation-postgres");
		thread.setDaemon(true);
		thread.start();
		this.listener = thread;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.listener;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void listen(Receiver receiver) {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				PGConnection postgres = connection.unwrap(PGConnection.class);
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + this.channel);
				}
				long quietSince = System.nanoTime();
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications(250);
					if (notifications != null && notifications.length > 0) {
						for (PGNotification notification : notifications) {
							receiver.received(notification.getParameter());
						}
						quietSince = System.nanoTime();
					}
					else if (System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
						// A silently dead socket would wait forever; a quiet link is
						// probed.
						if (!connection.isValid(2)) {
							throw new SQLException("the LISTEN connection is no longer valid");
						}
						quietSince = System.nanoTime();
					}
				}
			}
			catch (Exception ex) {
				if (!this.running) {
					return;
				}
				receiver.lost(ex);
				try {
					Thread.sleep(this.retryInterval.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	@Override
	public void publish(String instance, String catalog, List<String> schemas, String epochCandidate)
			throws SQLException {
		inTransaction((connection) -> {
			long version;
			String epoch;
			try (PreparedStatement next = connection.prepareStatement("INSERT INTO " + this.catalogs
					+ " (catalog, epoch, version) VALUES (?, ?, 1) ON CONFLICT (catalog) DO UPDATE SET version = "
					+ this.catalogs + ".version + 1 RETURNING epoch, version")) {
				next.setString(1, catalog);
				next.setString(2, epochCandidate);
				try (ResultSet row = next.executeQuery()) {
					row.next();
					epoch = row.getString(1);
					version = row.getLong(2);
				}
			}
			try (PreparedStatement stamp = connection.prepareStatement("INSERT INTO " + this.schemas
					+ " (catalog, schema_name, version, instance) VALUES (?, ?, ?, ?) ON CONFLICT (catalog, schema_name)"
					+ " DO UPDATE SET version = excluded.version, instance = excluded.instance")) {
				for (String schema : schemas) {
					stamp.setString(1, catalog);
					stamp.setString(2, schema);
					stamp.setLong(3, version);
					stamp.setString(4, instance);
					stamp.addBatch();
				}
				stamp.executeBatch();
			}
			String message = InvalidationMessage.invalidation(epoch, version,
					InvalidationMessage.body(instance, catalog, schemas));
			if (message.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
				message = InvalidationMessage.invalidation(epoch, version,
						InvalidationMessage.body(instance, catalog, null));
			}
			notify(connection, message);
			return null;
		});
	}

	@Override
	public void send(String message) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			notify(connection, message);
		}
	}

	private void notify(Connection connection, String message) throws SQLException {
		try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
			notify.setString(1, this.channel);
			notify.setString(2, message);
			notify.execute();
		}
	}

	@Override
	public Map<String, CatalogVersions> versions() throws SQLException {
		return Objects.requireNonNull(inTransaction((connection) -> {
			Map<String, String> epochs = new LinkedHashMap<>();
			Map<String, Map<String, Stamp>> stamps = new LinkedHashMap<>();
			try (Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("SELECT c.catalog, c.epoch, s.schema_name, s.version, "
							+ "s.instance FROM " + this.catalogs + " c JOIN " + this.schemas
							+ " s ON s.catalog = c.catalog WHERE s.version IS NOT NULL")) {
				while (rows.next()) {
					epochs.put(rows.getString(1), rows.getString(2));
					stamps.computeIfAbsent(rows.getString(1), (key) -> new LinkedHashMap<>())
						.put(rows.getString(3), new Stamp(rows.getLong(4), rows.getString(5)));
				}
			}
			Map<String, CatalogVersions> result = new LinkedHashMap<>();
			epochs.forEach((catalog, epoch) -> result.put(catalog, new CatalogVersions(epoch,
					Objects.requireNonNull(stamps.get(catalog), "stamps of a listed catalog"))));
			return result;
		}), "versions");
	}

	@Override
	public @Nullable Map<String, String> baseline(String catalog) throws SQLException {
		return inTransaction((connection) -> readBaseline(connection, catalog, false));
	}

	@Override
	public @Nullable Set<String> swapBaseline(String catalog, Map<String, String> shapes, String epochCandidate)
			throws SQLException {
		return inTransaction((connection) -> {
			Map<String, String> old = lockedBaseline(connection, catalog, epochCandidate);
			writeBaseline(connection, catalog, shapes);
			if (old == null) {
				return null;
			}
			Set<String> changed = new LinkedHashSet<>();
			shapes.forEach((schema, shape) -> {
				if (!shape.equals(old.get(schema))) {
					changed.add(schema);
				}
			});
			old.keySet().stream().filter((schema) -> !shapes.containsKey(schema)).forEach(changed::add);
			return changed;
		});
	}

	@Override
	public void initBaseline(String catalog, Map<String, String> shapes, String epochCandidate) throws SQLException {
		inTransaction((connection) -> {
			if (lockedBaseline(connection, catalog, epochCandidate) == null) {
				writeBaseline(connection, catalog, shapes);
			}
			return null;
		});
	}

	/** Locks the catalog's row (creating it) and returns its baseline, if it has one. */
	private @Nullable Map<String, String> lockedBaseline(Connection connection, String catalog, String epoch)
			throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + this.catalogs
				+ " (catalog, epoch, version) VALUES (?, ?, 0) ON CONFLICT (catalog) DO NOTHING")) {
			insert.setString(1, catalog);
			insert.setString(2, epoch);
			insert.executeUpdate();
		}
		return readBaseline(connection, catalog, true);
	}

	private @Nullable Map<String, String> readBaseline(Connection connection, String catalog, boolean lock)
			throws SQLException {
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT baseline FROM " + this.catalogs + " WHERE catalog = ?" + (lock ? " FOR UPDATE" : ""))) {
			select.setString(1, catalog);
			try (ResultSet row = select.executeQuery()) {
				if (!row.next() || !row.getBoolean(1)) {
					return null;
				}
			}
		}
		Map<String, String> shapes = new LinkedHashMap<>();
		try (PreparedStatement select = connection.prepareStatement(
				"SELECT schema_name, shape FROM " + this.schemas + " WHERE catalog = ? AND shape IS NOT NULL")) {
			select.setString(1, catalog);
			try (ResultSet rows = select.executeQuery()) {
				while (rows.next()) {
					shapes.put(rows.getString(1), rows.getString(2));
				}
			}
		}
		return shapes;
	}

	private void writeBaseline(Connection connection, String catalog, Map<String, String> shapes) throws SQLException {
		try (PreparedStatement clear = connection
			.prepareStatement("UPDATE " + this.schemas + " SET shape = NULL WHERE catalog = ?")) {
			clear.setString(1, catalog);
			clear.executeUpdate();
		}
		try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + this.schemas
				+ " (catalog, schema_name, shape) VALUES (?, ?, ?) ON CONFLICT (catalog, schema_name)"
				+ " DO UPDATE SET shape = excluded.shape")) {
			for (Map.Entry<String, String> entry : shapes.entrySet()) {
				upsert.setString(1, catalog);
				upsert.setString(2, entry.getKey());
				upsert.setString(3, entry.getValue());
				upsert.addBatch();
			}
			upsert.executeBatch();
		}
		try (PreparedStatement mark = connection
			.prepareStatement("UPDATE " + this.catalogs + " SET baseline = true WHERE catalog = ?")) {
			mark.setString(1, catalog);
			mark.executeUpdate();
		}
	}

	private <T> @Nullable T inTransaction(Work<T> work) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				createTables(connection);
				T result = work.run(connection);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				if (ex instanceof SQLException sql && "42P01".equals(sql.getSQLState())) {
					this.tablesReady = false;
				}
				throw ex;
			}
		}
	}

	private void createTables(Connection connection) throws SQLException {
		if (this.tablesReady) {
			return;
		}
		try (Statement statement = connection.createStatement()) {
			// Serializes instances creating the tables at the same time.
			statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + this.channel + "'))");
			statement.execute("CREATE TABLE IF NOT EXISTS " + this.catalogs + " (catalog text PRIMARY KEY, "
					+ "epoch text NOT NULL, version bigint NOT NULL, baseline boolean NOT NULL DEFAULT false)");
			statement.execute("CREATE TABLE IF NOT EXISTS " + this.schemas + " (catalog text NOT NULL, "
					+ "schema_name text NOT NULL, version bigint, instance text, shape text, "
					+ "PRIMARY KEY (catalog, schema_name))");
		}
		connection.commit();
		this.tablesReady = true;
	}

	@FunctionalInterface
	private interface Work<T> {

		@Nullable T run(Connection connection) throws SQLException;

	}

}
