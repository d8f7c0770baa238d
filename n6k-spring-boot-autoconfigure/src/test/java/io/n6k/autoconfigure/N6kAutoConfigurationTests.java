package io.n6k.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.n6k.duckdb.SqlGuard;
import io.n6k.access.StaticTokenVerifier;
import io.n6k.access.TokenVerifier;
import io.n6k.backend.CatalogSessionFactory;
import io.n6k.backend.SessionFactory;
import io.n6k.duckdb.DuckDbCatalogs;
import io.n6k.duckdb.DuckDbDatabase;
import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.metrics.N6kMetrics;
import io.n6k.server.N6kEndpoint;
import io.n6k.server.N6kServer;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.socket.server.support.WebSocketHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

class N6kAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class,
				N6kWebSocketAutoConfiguration.class, N6kMetricsAutoConfiguration.class));

	private final WebApplicationContextRunner webContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(N6kAutoConfiguration.class, N6kDuckDbAutoConfiguration.class,
				N6kWebSocketAutoConfiguration.class, N6kMetricsAutoConfiguration.class));

	@Test
	void defaultsCreateTheEngineTheDuckDbBackendAndTheInvalidationService() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all")
			.run((context) -> {
				assertThat(context).hasSingleBean(N6kServer.class)
					.hasSingleBean(DuckDbDatabase.class)
					.hasSingleBean(DuckDbCatalogs.class)
					.hasSingleBean(SqlGuard.class)
					.hasSingleBean(CatalogInvalidationService.class)
					.hasSingleBean(N6kMetrics.class)
					.doesNotHaveBean(TokenVerifier.class)
					.doesNotHaveBean(WebSocketHandlerMapping.class);
				assertThat(((CatalogSessionFactory) context.getBean(SessionFactory.class)).catalogNames())
					.containsExactly("db");
			});
	}

	@Test
	void webApplicationGetsTheEndpointThroughAHandlerMapping() {
		this.webContextRunner.withPropertyValues("n6k.websocket.path=/db/{tenant}/ws").run((context) -> {
			assertThat(context).hasSingleBean(WebSocketHandlerMapping.class).hasBean("n6kEndpoint");
			assertThat(context.getBean("n6kEndpoint", N6kEndpoint.class).path()).isEqualTo("/db/{tenant}/ws");
			assertThat(context.getBean(WebSocketHandlerMapping.class).getUrlMap()).containsOnlyKeys("/db/{tenant}/ws");
			assertThat(context.getBean(WebSocketHandlerMapping.class).getOrder()).isEqualTo(-2);
		});
	}

	@Test
	void enabledFalseTurnsEverythingOff() {
		this.webContextRunner.withPropertyValues("n6k.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(N6kServer.class)
				.doesNotHaveBean(DuckDbDatabase.class)
				.doesNotHaveBean(WebSocketHandlerMapping.class)
				.doesNotHaveBean(N6kMetrics.class));
	}

	@Test
	void withoutDuckDbTheEngineRunsOtherBackends() {
		this.webContextRunner.withClassLoader(new FilteredClassLoader(DuckDBConnection.class)).run((context) -> {
			assertThat(context).hasSingleBean(N6kServer.class)
				.hasSingleBean(WebSocketHandlerMapping.class)
				.doesNotHaveBean(DuckDbDatabase.class);
			assertThat(((CatalogSessionFactory) context.getBean(SessionFactory.class)).catalogNames()).isEmpty();
		});
	}

	@Test
	void withoutMsgpackNothingIsConfigured() {
		this.webContextRunner.withClassLoader(new FilteredClassLoader(MessagePack.class))
			.run((context) -> assertThat(context).doesNotHaveBean(N6kServer.class)
				.doesNotHaveBean(WebSocketHandlerMapping.class));
	}

	@Test
	void withoutMicrometerThereAreNoMeters() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasSingleBean(N6kServer.class).doesNotHaveBean(N6kMetrics.class));
	}

	@Test
	void metersBindToARegistry() {
		this.contextRunner.run((context) -> {
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(N6kMetrics.class).bindTo(registry);
			assertThat(registry.get("n6k.connections").gauge().value()).isZero();
			// requests are timed by the n6k.request observation, not counted here
			assertThat(registry.find("n6k.requests").meters()).isEmpty();
			assertThat(registry.find("n6k.credit.pauses").functionCounter()).isNotNull();
			assertThat(registry.find("n6k.credit.wait").functionCounter()).isNotNull();
			assertThat(registry.find("n6k.sent.bytes").functionCounter()).isNotNull();
			assertThat(registry.find("n6k.pushes").functionCounter()).isNotNull();
		});
	}

	@Test
	void userBeansWin() {
		SessionFactory factory = (handshake) -> (catalog) -> null;
		TokenVerifier verifier = (token, catalog) -> () -> "user";
		this.webContextRunner.withBean(SessionFactory.class, () -> factory)
			.withBean(TokenVerifier.class, () -> verifier)
			.withBean("n6kEndpoint", N6kEndpoint.class, () -> new N6kEndpoint("/mine", (h) -> null, factory))
			.run((context) -> {
				assertThat(context.getBean(SessionFactory.class)).isSameAs(factory);
				assertThat(context.getBean(TokenVerifier.class)).isSameAs(verifier);
				assertThat(context.getBean(WebSocketHandlerMapping.class).getUrlMap()).containsOnlyKeys("/mine");
			});
	}

	@Test
	void staticTokensConfigureAVerifier() {
		this.webContextRunner.withPropertyValues("n6k.auth.tokens.alice.value=s3cret").run((context) -> {
			assertThat(context).hasSingleBean(StaticTokenVerifier.class);
			assertThat(context.getBean(TokenVerifier.class).verify("s3cret", "db").getName()).isEqualTo("alice");
		});
	}

	@Test
	void requiredAuthenticationWithoutAnyVerifierFailsWithAnExplanation() {
		this.webContextRunner.withPropertyValues("n6k.auth.required=true").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).isEqualTo("n6k.auth.required is true but no token can be checked.");
			assertThat(analysis.getAction()).contains("n6k.auth.tokens");
		});
	}

	@Test
	void emptyTokenFailsAtStartup() {
		this.contextRunner.withPropertyValues("n6k.auth.tokens.alice.catalogs=db")
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.isEqualTo("n6k.auth.tokens.alice.value is empty."));
	}

	@Test
	void badGrantsFailAtStartupInTheUsersWords() {
		assertThat(grantFailure("n6k.catalogs.db.permissions[main.t]=write"))
			.isEqualTo("n6k.catalogs.db.permissions.main.t: 'write' is not a permission; use read or readwrite");
		assertThat(grantFailure("n6k.catalogs.db.permissions[a.b.c]=read")).isEqualTo(
				"n6k.catalogs.db.permissions.a.b.c: 'a.b.c' is not a table name; write schema.table (a bare table means main.table)");
		assertThat(grantFailure("n6k.catalogs.db.permissions[.t]=read"))
			.startsWith("n6k.catalogs.db.permissions..t: '.t' is not a table name");
		assertThat(grantFailure("n6k.catalogs.db.permissions[main.nope]=read"))
			.isEqualTo("n6k.catalogs.db.permissions grants main.nope, which does not exist in catalog \"db\".");
		assertThat(grantFailure("n6k.catalogs.db.primary-keys[main.nope]=id", "n6k.catalogs.db.permissions[t]=read"))
			.isEqualTo("n6k.catalogs.db.primary-keys names main.nope, which does not exist in catalog \"db\".");
	}

	@Test
	void grantsEmptiedAfterBindingStillFailAtStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.permissions[t]=read")
			.withBean(DuckDbDatabase.class, () -> database("CREATE TABLE db.main.t (x INTEGER)"))
			.withUserConfiguration(EmptyPermissions.class)
			.run((context) -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.isEqualTo("n6k.catalogs.db.permissions: grants no table"));
	}

	@Test
	void unknownCatalogFailsAtStartup() {
		this.contextRunner.withPropertyValues("n6k.catalogs.nope.read-only=true", "n6k.catalogs.nope.access=all")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.isEqualTo("Catalog \"nope\" (n6k.catalogs.nope) does not exist in the DuckDB database.");
				assertThat(analysis.getAction()).contains("n6k.catalogs.nope.path");
			});
	}

	@Test
	void dottedGrantKeysBindFromYamlStyleProperties() {
		this.contextRunner.withPropertyValues("n6k.catalogs.db.path=:memory:",
				"n6k.duckdb.init-sql[0]=CREATE TABLE db.main.t (x INTEGER)", "n6k.catalogs.db.permissions.main.t=read")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(N6kProperties.class).getCatalogs().get("db").getPermissions())
					.containsEntry("main.t", "read");
			});
	}

	@Test
	void configurationMetadataDescribesEveryProperty() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			for (String property : List.of("n6k.enabled", "n6k.websocket.path", "n6k.websocket.allowed-origins",
					"n6k.websocket.max-binary-message-size", "n6k.keep-alive.interval", "n6k.handshake.timeout",
					"n6k.auth.required", "n6k.auth.tokens", "n6k.duckdb.url", "n6k.duckdb.init-sql",
					"n6k.duckdb.threads", "n6k.duckdb.memory-limit", "n6k.duckdb.lockdown", "n6k.catalogs")) {
				assertThat(json).contains("\"name\": \"" + property + "\"");
			}
			assertThat(json).contains("Whether to serve n6k clients.");
		}
	}

	private String grantFailure(String... properties) {
		String[][] result = new String[1][];
		this.contextRunner
			.withPropertyValues("n6k.catalogs.db.path=:memory:",
					"n6k.duckdb.init-sql[0]=CREATE TABLE db.main.t (x INTEGER)")
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasFailed();
				result[0] = new String[] { analyze(context.getStartupFailure()).getDescription() };
			});
		return result[0][0];
	}

	private static DuckDbDatabase database(String sql) {
		try {
			DuckDbDatabase database = DuckDbDatabase.inMemory();
			database.execute("ATTACH ':memory:' AS db", sql);
			return database;
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new N6kPropertiesFailureAnalyzer(null).analyze(failure);
		if (analysis == null) {
			analysis = new N6kConfigurationFailureAnalyzer().analyze(failure);
		}
		assertThat(analysis).as("an n6k analysis of " + failure).isNotNull();
		return analysis;
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class EmptyPermissions {

		@org.springframework.context.annotation.Bean
		org.springframework.beans.factory.config.BeanPostProcessor emptyPermissions() {
			return new org.springframework.beans.factory.config.BeanPostProcessor() {
				@Override
				public Object postProcessBeforeInitialization(Object bean, String name) {
					if (bean instanceof N6kProperties properties) {
						properties.getCatalogs().get("db").setPermissions(new java.util.LinkedHashMap<>());
					}
					return bean;
				}
			};
		}

	}

}
