package io.n6k.sample.conformance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.n6k.client.ArrowIpc;
import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.sample.SampleApplication;
import org.apache.arrow.vector.types.pojo.ArrowType;
import io.n6k.test.N6kClients;
import io.n6k.test.N6kTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance server (protocol §9) over real sockets: every mount, every debug
 * endpoint, every fixture function and both catalog hooks.
 */
@N6kTest(classes = SampleApplication.class)
@ActiveProfiles("conformance")
class ConformanceServerTests {

	static final String HELLO_ACK_CAPABILITY = "aggregate_pushdown";

	int port;

	private N6kClients clients;

	private final HttpClient http = HttpClient.newHttpClient();

	private final ObjectMapper json = new ObjectMapper();

	@BeforeEach
	void attach(N6kClients clients) {
		this.clients = clients;
		this.port = clients.port();
	}

	private N6kClient connect(String path) {
		return this.clients.connect(path);
	}

	private N6kClient connect(String path, Map<String, String> headers) {
		return this.clients.connect(path, headers);
	}

	private N6kClient open(String catalog) {
		N6kClient client = connect("/ws?catalog=" + catalog);
		ReceivedFrame ack = client.next();
		assertThat(ack.type()).isEqualTo(12);
		assertThat(ack.get("protocol_version")).isEqualTo(6L);
		assertThat(ack.get("max_concurrent_reqs")).isEqualTo(64L);
		assertThat(ack.get("default_batch_credits")).isEqualTo(8L);
		return client;
	}

	// ---------------------------------------------------------------- mounts

	@Test
	void rootMountIsOpenAndRequiresACatalog() {
		N6kClient client = connect("/ws?catalog=db");
		ReceivedFrame ack = client.next();
		assertThat(ack.get("capabilities")).isEqualTo(List.of(HELLO_ACK_CAPABILITY));
		assertThat(ack.has("ns")).isFalse();
		N6kClient.CloseInfo close = connect("/ws").awaitClose(Duration.ofSeconds(5));
		assertThat(close).isEqualTo(new N6kClient.CloseInfo(4400, "missing required catalog (?catalog= query param)"));
	}

	@Test
	void catalogListAndTablesListOfTheFixture() {
		N6kClient client = open("db");
		Response schemas = client.call(1, 1, Map.of());
		assertThat(schemas.types()).containsExactly(3, 4);
		assertThat(schemas.frames().get(0).get("schemas")).isEqualTo(List.of("main", "test_schema"));
		assertThat(client.call(2, 2, Map.of()).frames().get(0).get("tables")).isEqualTo(List.of(
				Map.of("schema", "main", "name", "users", "writable", true, "editable", true, "primary_keys",
						List.of()),
				Map.of("schema", "test_schema", "name", "products", "writable", true, "editable", true, "primary_keys",
						List.of())));
	}

	@Test
	void authMountAcceptsTheTestTokenThreeWays() {
		assertThat(connect("/auth/ws?catalog=db", Map.of("Authorization", "Bearer n6k-test-token")).next().type())
			.isEqualTo(12);
		assertThat(connect("/auth/ws?catalog=db&token=n6k-test-token").next().type()).isEqualTo(12);
		assertThat(connect("/auth/ws?catalog=db&token=nope").awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
		N6kClient hello = connect("/auth/ws?catalog=db");
		hello.request(1, 1, Map.of());
		assertThat(hello.next().string("exception_message")).containsIgnoringCase("hello");
		hello.send(Map.of("t", 11, "token", "n6k-test-token"));
		assertThat(hello.next().type()).isEqualTo(12);
		N6kClient wrong = connect("/auth/ws?catalog=db");
		wrong.send(Map.of("t", 11, "token", "wrong-token"));
		ReceivedFrame error = wrong.next();
		assertThat(error.type()).isEqualTo(13);
		assertThat(error.string("exception_type")).isEqualTo("InvalidInputException");
		assertThat(wrong.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void oauthMountAcceptsJwtsOfTheMockAuthorizationServer() throws Exception {
		JsonNode metadata = get("/.well-known/oauth-authorization-server");
		String issuer = "http://localhost:" + this.port;
		assertThat(metadata.path("issuer").asString()).isEqualTo(issuer);
		assertThat(metadata.path("token_endpoint").asString()).isEqualTo(issuer + "/oauth/token");
		assertThat(metadata.path("jwks_uri").asString()).isEqualTo(issuer + "/jwks");
		JsonNode key = get("/jwks").path("keys").get(0);
		assertThat(key.path("kty").asString()).isEqualTo("OKP");
		assertThat(key.path("crv").asString()).isEqualTo("Ed25519");
		assertThat(key.path("x").asString()).hasSize(43);
		String exchange = "grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token=";
		HttpResponse<String> refused = form("/oauth/token", exchange + "nope");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("invalid_grant");
		String jwt = this.json.readTree(form("/oauth/token", exchange + "test-subject-token").body())
			.path("access_token")
			.asString();
		assertThat(jwt.split("\\.")).hasSize(3);
		assertThat(connect("/oauth/ws?catalog=db", Map.of("Authorization", "Bearer " + jwt)).next().type())
			.isEqualTo(12);
		N6kClient hello = connect("/oauth/ws?catalog=db");
		hello.hello(0, null, jwt);
		assertThat(hello.next().type()).isEqualTo(12);
		String tampered = jwt.substring(0, jwt.length() - 4) + "AAAA";
		assertThat(connect("/oauth/ws?catalog=db", Map.of("Authorization", "Bearer " + tampered))
			.awaitClose(Duration.ofSeconds(5))
			.code()).isEqualTo(4401);
		String otherAudience = this.json
			.readTree(form("/oauth/token", exchange + "test-subject-token&resource=elsewhere").body())
			.path("access_token")
			.asString();
		assertThat(connect("/oauth/ws?catalog=db&token=" + otherAudience).awaitClose(Duration.ofSeconds(5)).code())
			.isEqualTo(4401);
		assertThat(post("/oauth/device").path("device_code").asString()).isEqualTo("test-device-code");
		String device = "grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=test-device-code";
		assertThat(form("/oauth/token", device).body()).contains("authorization_pending");
		assertThat(this.json.readTree(form("/oauth/token", device).body()).path("access_token").asString())
			.isEqualTo("test-subject-token");
		assertThat(form("/oauth/token", "grant_type=password").body()).contains("unsupported_grant_type");
	}

	@Test
	void tunedMountMultiplexesCatalogsWithMarkers() {
		N6kClient client = connect("/tuned/ws?catalogs=db,other&ping_interval_ms=0");
		assertThat(client.poll((f) -> true, Duration.ofMillis(300))).isNull();
		client.hello(1, "db", "");
		assertThat(client.next().ns()).isEqualTo(1);
		client.hello(2, "other", "");
		assertThat(client.next().ns()).isEqualTo(2);
		client.request(1, 1, 4, Map.of("schema", "main", "table", "marker"), new byte[0]);
		client.request(1, 2, 4, Map.of("schema", "main", "table", "marker"), new byte[0]);
		assertThat(client.collect(1, 1, N6kClient.TIMEOUT, true).arrow().rows()).containsExactly(List.of("db"));
		assertThat(client.collect(1, 2, N6kClient.TIMEOUT, true).arrow().rows()).containsExactly(List.of("other"));
		N6kClient other = connect("/tuned/ws?catalogs=db,other");
		other.hello(1, "nope", "");
		assertThat(other.next().string("exception_message"))
			.isEqualTo("catalog \"nope\" is not served by this connection (serving \"db\", \"other\")");
		client.request(5, 0, 2, Map.of(), new byte[0]);
		assertThat(client.collect(5, 0, N6kClient.TIMEOUT).exceptionMessage()).contains("FT_HELLO");
	}

	@Test
	void tunedMountValidatesItsParameters() {
		assertThat(connect("/tuned/ws?catalogs=a-b").awaitClose(Duration.ofSeconds(5)))
			.isEqualTo(new N6kClient.CloseInfo(4400, "invalid catalog name 'a-b'"));
		assertThat(connect("/tuned/ws?catalogs=a,a").awaitClose(Duration.ofSeconds(5)).reason())
			.isEqualTo("duplicate catalog name");
		assertThat(connect("/tuned/ws?ping_interval_ms=x").awaitClose(Duration.ofSeconds(5)).reason())
			.isEqualTo("invalid ping_interval_ms 'x'");
		assertThat(connect("/tuned/ws?ping_interval_ms=-1").awaitClose(Duration.ofSeconds(5)).reason())
			.isEqualTo("ping_interval_ms must not be negative");
	}

	@Test
	void tunedMountPingsAndRequiresItsToken() {
		N6kClient pinged = connect("/tuned/ws?ping_interval_ms=200");
		// the pinger runs from connection start, so on a slow machine PING 1 may precede
		// HELLO_ACK
		pinged.take((f) -> f.type() == 12, N6kClient.TIMEOUT);
		for (long id = 1; id <= 3; id++) {
			ReceivedFrame ping = pinged.take((f) -> f.type() == 9, Duration.ofSeconds(2));
			assertThat(ping.id()).isEqualTo(id);
			assertThat(ping.has("ns")).isFalse();
		}
		N6kClient locked = connect("/tuned/ws?require_token=sesame");
		assertThat(locked.poll((f) -> true, Duration.ofMillis(300))).isNull();
		locked.hello(0, "db", "wrong");
		assertThat(locked.next().string("exception_message")).contains("bad token for catalog 'db'");
		assertThat(locked.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		N6kClient opened = connect("/tuned/ws?require_token=sesame");
		opened.hello(0, "db", "sesame");
		assertThat(opened.next().type()).isEqualTo(12);
	}

	@Test
	void everyConnectionHasItsOwnDatabase() {
		N6kClient first = open("db");
		N6kClient second = open("db");
		assertThat(first.call(1, 6, Map.of("sql", "INSERT INTO db.main.users VALUES (9, 'Zed', 1)"))
			.terminal()
			.get("rowcount")).isEqualTo(1L);
		assertThat(first.call(2, 4, Map.of("schema", "main", "table", "users")).arrow().rows()).hasSize(4);
		assertThat(second.call(1, 4, Map.of("schema", "main", "table", "users")).arrow().rows()).hasSize(3);
	}

	// ---------------------------------------------------------------- fixture functions

	@Test
	void fixtureMacrosAndTableFunctions() {
		N6kClient client = open("db");
		assertThat(rpc(client, 1, "echo", List.of(7)).arrow().rows()).containsExactly(List.of(7));
		assertThat(rpc(client, 2, "echo", List.of("only")).arrow().rows()).containsExactly(List.of("only"));
		assertThat(rpc(client, 3, "xy_labeled", List.of()).arrow().rows()).containsExactly(List.of(1.0, 10.0, "a"),
				List.of(2.0, 20.0, "b"), List.of(3.0, 30.0, "a"));
		assertThat(rpc(client, 4, "struct_arg", List.of(Map.of("x", 1, "y", 2))).arrow().rows())
			.containsExactly(List.of(1, 2));
		assertThat(rpc(client, 5, "doubler", List.of(21)).arrow().rows()).containsExactly(List.of(42));
		assertThat(rpc(client, 6, "range", List.of(3)).arrow().rows()).hasSize(3);
		assertThat(rpc(client, 7, "stream_counter", List.of(5000)).arrow().rows()).hasSize(5000);
		assertThat(rpc(client, 8, "slow_ticker", List.of(3, 20)).dataChunks()).isEqualTo(3);
		assertThat(
				client.call(9, 0, 9, Map.of("function", "sum_table"), ArrowIpc.bigints("id", 1, 2, 3)).arrow().rows())
			.containsExactly(List.of(6L));
		assertThat(
				client.call(10, 0, 9, Map.of("function", "n6k_testing_sum_table"), ArrowIpc.bigints("id", 10, 20, 30))
					.arrow()
					.rows())
			.containsExactly(List.of(60L));
		Response counter = client.call(11, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(40000)"));
		assertThat(counter.arrow().rows()).hasSize(40000);
		assertThat(counter.dataChunks()).isLessThanOrEqualTo(24);
		assertThat(rpc(client, 12, "no_such_function", List.of()).exceptionMessage()).contains("no_such_function");
	}

	@Test
	void hostGeneratorsStreamAndTearDownBeforeTheCancelledEnd() {
		N6kClient client = open("db");
		assertThat(rpc(client, 1, "py_echo", List.of(3)).arrow().rows()).containsExactly(List.of("3"));
		assertThat(rpc(client, 2, "py_echo", List.of()).arrow().rows()).containsExactly(List.of(""));
		assertThat(client.call(3, 0, 9, Map.of("function", "py_sum_table"), ArrowIpc.bigints("id", 1, 2, 3))
			.arrow()
			.rows()).containsExactly(List.of(6L));
		assertThat(client.call(4, 0, 9, Map.of("function", "py_sum_table"), new byte[0]).arrow().rows())
			.containsExactly(List.of(0L));
		assertThat(rpc(client, 5, "py_ticker", List.of(3)).arrow().rows()).containsExactly(List.of(0L), List.of(1L),
				List.of(2L));
		long closes = (Long) rpc(client, 6, "py_ticker_closes", List.of()).arrow().rows().get(0).get(0);
		client.request(7, 8, Map.of("function", "py_ticker", "args", List.of(0, 10)));
		client.take((f) -> f.type() == 3 && f.id() == 7, N6kClient.TIMEOUT);
		client.cancel(7, 0);
		assertThat(client.take((f) -> f.type() == 4 && f.id() == 7, N6kClient.TIMEOUT).get("cancelled"))
			.isEqualTo(true);
		assertThat(rpc(client, 8, "py_ticker_closes", List.of()).arrow().rows().get(0).get(0)).isEqualTo(closes + 1);
	}

	@Test
	void aggregatesMatchTheFixtureExpectations() {
		N6kClient client = open("db");
		Response plain = client.call(1, 13, Map.of("schema", "main", "table", "users", "group_by", List.of(),
				"aggregates", List.of(Map.of("fn", "count"), Map.of("fn", "min", "col", "name"))));
		assertThat(plain.arrow().rows()).containsExactly(List.of(3L, "Alice"));
		Response sum = client.call(2, 13,
				Map.of("schema", "main", "table", "users", "aggregates", List.of(Map.of("fn", "sum", "col", "id"))));
		assertThat(sum.arrow().schema().getFields().get(0).getType()).isEqualTo(new ArrowType.Decimal(38, 0, 128));
		assertThat(client.call(3, 13,
				Map.of("schema", "main", "table", "users", "aggregates", List.of(Map.of("fn", "median", "col", "age"))))
			.exceptionMessage()).contains("unsupported aggregate function");
	}

	// ---------------------------------------------------------------- catalog hooks

	@Test
	void slowdbScansOverlapAndServesDictionaryColumnsAsText() {
		N6kClient client = open("slowdb");
		assertThat(client.call(1, 1, Map.of()).frames().get(0).get("schemas")).isEqualTo(List.of("cats", "main"));
		Response cats = client.call(2, 4, Map.of("schema", "cats", "table", "cats"));
		assertThat(cats.arrow().columnNames()).containsExactly("id", "cat");
		assertThat(cats.arrow().schema().getFields().get(1).getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
		assertThat(cats.arrow().rows()).containsExactly(List.of(1L, "x"), List.of(2L, "y"), List.of(3L, "x"));
		long start = System.nanoTime();
		for (int id = 10; id < 18; id++) {
			client.request(id, 4, Map.of("schema", "main", "table", "slow"));
		}
		for (int id = 10; id < 18; id++) {
			assertThat(client.collect(id, 0, N6kClient.TIMEOUT, true).arrow().rows()).hasSize(3);
		}
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8 * 500 / 3);
	}

	@Test
	void bridgeDbServesGrantsOnly() {
		N6kClient client = open("bridge_db");
		assertThat(client.call(1, 2, Map.of()).frames().get(0).get("tables")).isEqualTo(List.of(
				Map.of("schema", "main", "name", "items", "writable", true, "editable", false, "primary_keys",
						List.of("id")),
				Map.of("schema", "main", "name", "readonly_items", "writable", false, "editable", false, "primary_keys",
						List.of("id"))));
		assertThat(client.call(2, 6, Map.of("sql", "UPDATE bridge_db.main.items SET name = 'W' WHERE id = 1"))
			.terminal()
			.get("rowcount")).isEqualTo(1L);
		Response refused = client.call(3, 6, Map.of("sql", "DELETE FROM bridge_db.main.readonly_items"));
		assertThat(refused.exceptionType()).isEqualTo("PermissionException");
	}

	// ---------------------------------------------------------------- debug control
	// plane

	@Test
	void debugCountsCountHttpAndLiveSockets() throws Exception {
		post("/debug/counts/reset");
		get("/nothing/here");
		JsonNode counts = get("/debug/counts");
		assertThat(counts.path("http").path("GET /nothing/here").asLong()).isEqualTo(1);
		assertThat(counts.path("http").path("GET /debug/counts").asLong()).isEqualTo(1);
		assertThat(counts.path("http").has("POST /debug/counts/reset")).isFalse();
		N6kClient client = open("db");
		client.request(1, 7, Map.of("sql", "SELECT * FROM n6k_testing_stream_counter(0)"));
		for (int i = 0; i < 9; i++) {
			client.next();
		}
		Thread.sleep(200);
		client.cancel(1, 0);
		client.take((f) -> f.type() == 4, N6kClient.TIMEOUT);
		JsonNode ws = get("/debug/counts").path("ws");
		assertThat(ws.path("connections").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(ws.path("requests_handled").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(ws.path("credit_pauses").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(ws.path("cancels").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(post("/debug/counts/reset").path("ok").asBoolean()).isTrue();
	}

	@Test
	void serverExecQueryAndPushInvalidate() throws Exception {
		assertThat(post("/debug/push_invalidate?catalog=nobody&schemas=main").toString())
			.isEqualTo("{\"handlers\":0,\"sent\":0}");
		N6kClient client = open("pushdb");
		assertThat(post("/debug/server_exec?catalog=pushdb&sql=CREATE%20TABLE%20pushdb.main.fresh%20(x%20INTEGER)")
			.path("handlers")
			.asInt()).isEqualTo(1);
		assertThat(post("/debug/server_exec?catalog=pushdb&sql=NOT%20SQL").path("handlers").asInt()).isZero();
		JsonNode query = get("/debug/server_query?catalog=pushdb&sql=SELECT%20count(*)%20FROM%20pushdb.main.users");
		assertThat(query.path("handlers").asInt()).isEqualTo(1);
		assertThat(query.path("rows").get(0).get(0).asLong()).isEqualTo(3);
		JsonNode push = post("/debug/push_invalidate?catalog=pushdb&schemas=main,");
		assertThat(push.path("handlers").asInt()).isEqualTo(1);
		assertThat(push.path("sent").asInt()).isEqualTo(1);
		ReceivedFrame frame = client.take((f) -> f.type() == 8, N6kClient.TIMEOUT);
		assertThat(frame.keys()).containsExactly("t", "op", "schemas");
		assertThat(frame.get("schemas")).isEqualTo(List.of("main"));
		HttpResponse<String> missing = this.http.send(
				HttpRequest.newBuilder(uri("/debug/server_exec")).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(missing.statusCode()).isEqualTo(422);
	}

	@Test
	void closeAllClosesEverySocketWith1011() throws Exception {
		N6kClient first = open("db");
		N6kClient second = connect("/tuned/ws?catalogs=x,y");
		JsonNode closed = post("/debug/ws/close_all");
		assertThat(closed.path("closed").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(first.awaitClose(Duration.ofSeconds(5))).isEqualTo(new N6kClient.CloseInfo(1011, "forced close"));
		assertThat(second.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1011);
	}

	@Test
	void corsIsOpen() throws Exception {
		HttpResponse<String> preflight = this.http.send(HttpRequest.newBuilder(uri("/debug/counts"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "http://example.com")
			.header("Access-Control-Request-Method", "POST")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://example.com");
	}

	// ---------------------------------------------------------------- helpers

	private static Response rpc(N6kClient client, long id, String function, List<Object> args) {
		return client.call(id, 8, Map.of("function", function, "args", args));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private JsonNode get(String path) throws Exception {
		return this.json.readTree(
				this.http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body());
	}

	private JsonNode post(String path) throws Exception {
		return this.json.readTree(
				this.http
					.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
							HttpResponse.BodyHandlers.ofString())
					.body());
	}

	private HttpResponse<String> form(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
