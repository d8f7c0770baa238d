package io.n6k.autoconfigure;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.n6k.access.CatalogAccess;
import io.n6k.access.StaticTokenVerifier;
import io.n6k.access.TokenVerifier;
import io.n6k.backend.CatalogSessionFactory;
import io.n6k.backend.SessionFactory;
import io.n6k.duckdb.DuckDbCatalogHandler;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * Says at startup what n6k serves: one line per catalog with its grants, its
 * authentication and the lockdown of the DuckDB instance, and a warning when nothing is
 * served. It runs once the context is refreshed, after the lockdown.
 *
 * @author n6k
 */
final class N6kStartupReport implements ApplicationListener<ContextRefreshedEvent> {

	private static final Log logger = LogFactory.getLog(N6kStartupReport.class);

	private final ApplicationContext context;

	private final N6kProperties properties;

	private final ObjectProvider<SessionFactory> sessionFactory;

	private final ObjectProvider<DuckDbCatalogs> duckDbCatalogs;

	private final ObjectProvider<DuckDbDatabase> database;

	private final ObjectProvider<TokenVerifier> verifier;

	N6kStartupReport(ApplicationContext context, N6kProperties properties,
			ObjectProvider<SessionFactory> sessionFactory, ObjectProvider<DuckDbCatalogs> duckDbCatalogs,
			ObjectProvider<DuckDbDatabase> database, ObjectProvider<TokenVerifier> verifier) {
		this.context = context;
		this.properties = properties;
		this.sessionFactory = sessionFactory;
		this.duckDbCatalogs = duckDbCatalogs;
		this.database = database;
		this.verifier = verifier;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (event.getApplicationContext() != this.context) {
			return;
		}
		for (String line : lines()) {
			logger.info(line);
		}
		if (servesNothing()) {
			logger.warn("n6k serves no catalog: clients can open nothing. Serve one with "
					+ "n6k.catalogs.<name>.permissions or n6k.catalogs.<name>.access: all, or a SharedCatalog bean.");
		}
	}

	List<String> lines() {
		String lockdown = lockdown();
		SessionFactory sessions = this.sessionFactory.getIfUnique();
		if (!(sessions instanceof CatalogSessionFactory catalogSessions)) {
			return (sessions != null) ? List.of("n6k serves what the application's SessionFactory ("
					+ sessions.getClass().getSimpleName() + ") opens per connection; " + lockdown) : List.of();
		}
		DuckDbCatalogs duckDb = this.duckDbCatalogs.getIfUnique();
		return catalogSessions.catalogNames().stream().map((name) -> {
			DuckDbCatalogHandler handler = (duckDb != null) ? duckDb.handler(name) : null;
			return "n6k serves catalog \"" + name + "\": "
					+ ((handler != null) ? grants(handler.access()) + "; " + auth(name) + "; " + lockdown
							: "from a SharedCatalog or CatalogProvider bean; " + auth(name));
		}).toList();
	}

	private boolean servesNothing() {
		return this.sessionFactory.getIfUnique() instanceof CatalogSessionFactory sessions
				&& sessions.catalogNames().isEmpty();
	}

	private static String grants(CatalogAccess access) {
		if (!access.hasGrants()) {
			return access.readOnly() ? "access all, read-only" : "access all, readwrite with DDL";
		}
		String grants = "permissions " + access.grants()
			.entrySet()
			.stream()
			.map((grant) -> grant.getKey().qualifiedName() + " " + grant.getValue().value())
			.collect(Collectors.joining(", "));
		String policied = access.policies()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().asPermission() == null)
			.map((entry) -> entry.getKey().qualifiedName())
			.collect(Collectors.joining(", "));
		return policied.isEmpty() ? grants : grants + "; row policies on " + policied;
	}

	private String auth(String catalog) {
		TokenVerifier tokens = this.verifier.getIfUnique();
		Boolean required = this.properties.getAuth().getRequired();
		N6kProperties.Catalog config = this.properties.getCatalogs().get(catalog);
		Boolean perCatalog = (config != null) ? config.getAuthRequired() : null;
		boolean authRequired = (perCatalog != null) ? perCatalog : (required != null) ? required : tokens != null;
		if (!authRequired) {
			return "auth not required";
		}
		if (tokens instanceof StaticTokenVerifier) {
			Set<String> names = this.properties.getAuth().getTokens().keySet();
			return "auth required (tokens: " + String.join(", ", names) + ")";
		}
		return "auth required" + ((tokens != null) ? " (" + tokens.getClass().getSimpleName() + ")" : "");
	}

	private String lockdown() {
		DuckDbDatabase database = this.database.getIfUnique();
		if (database == null) {
			return "no DuckDB instance";
		}
		Boolean locked = locked(database);
		if (locked == null) {
			return "lockdown unknown";
		}
		if (locked) {
			return "lockdown on";
		}
		return "lockdown off: the DuckDB instance keeps file and network access"
				+ (database.isOwnInstance() ? "" : " (shared with the application; n6k.duckdb.lockdown=true locks it)");
	}

	private static @Nullable Boolean locked(DuckDbDatabase database) {
		try {
			Object value = database.query("SELECT NOT current_setting('enable_external_access')").get(0).get(0);
			return Boolean.TRUE.equals(value);
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
