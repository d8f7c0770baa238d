package io.n6k.server;

import java.util.Locale;

import io.n6k.support.DuckDbTestConfiguration;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build runs the socket suites once per servlet container (see this module's
 * {@code pom.xml}), each run naming its container in {@code n6k.test.servlet-container}:
 * this checks that the run really is on that container, so that a classpath mistake
 * cannot quietly run Tomcat twice. Shares {@code DuckDbBackendTests}'s application
 * context.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.catalogs.db.path=:memory:", "n6k.catalogs.db.access=all",
				"n6k.duckdb.init-sql[0]=classpath:fixture.sql", "n6k.duckdb.init-sql[1]=classpath:types.sql" })
@Import(DuckDbTestConfiguration.class)
class ServletContainerTests {

	@Autowired
	WebServerApplicationContext context;

	@Test
	void theSocketSuitesRunOnTheContainerTheBuildNames() {
		String container = System.getProperty("n6k.test.servlet-container", "tomcat");
		assertThat(this.context.getWebServer().getClass().getSimpleName().toLowerCase(Locale.ROOT))
			.startsWith(container);
	}

}
