package io.n6k.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.n6k.client.N6kClient;
import io.n6k.client.ReceivedFrame;
import io.n6k.client.Response;
import io.n6k.invalidation.CatalogInvalidationService;
import io.n6k.support.EngineTestConfiguration;
import io.n6k.support.GeneratorCatalog;
import io.n6k.support.SocketTestSupport;
import io.n6k.support.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol engine over real WebSockets (protocol §1–§4), with backends that do not
 * involve DuckDB.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "n6k.handshake.timeout=1s", "n6k.websocket.max-binary-message-size=1MB" })
@Import(EngineTestConfiguration.class)
class ProtocolEngineTests extends SocketTestSupport {

	static final String HELLO_ACK = "85 a1 74 0c b0 70 72 6f 74 6f 63 6f 6c 5f 76 65 72 73 69 6f 6e 06 b3 6d 61 78 5f 63 6f "
			+ "6e 63 75 72 72 65 6e 74 5f 72 65 71 73 40 b5 64 65 66 61 75 6c 74 5f 62 61 74 63 68 5f 63 72 65 64 69 74 73 "
			+ "08 ac 63 61 70 61 62 69 6c 69 74 69 65 73 91 b2 61 67 67 72 65 67 61 74 65 5f 70 75 73 68 64 6f 77 6e";

	static final Duration SILENCE = Duration.ofMillis(700);

	@Autowired
	GeneratorCatalog generator;

	@Autowired
	CatalogInvalidationService invalidation;

	// ---------------------------------------------------------------- connect

	@Test
	void connectionWithoutCatalogIsClosedWith4400() {
		N6kClient client = connect("/ws");
		N6kClient.CloseInfo close = client.awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(4400);
		assertThat(close.reason()).isEqualTo("missing required catalog (?catalog= query param)");
		assertThat(client.inbox()).isEmpty();
	}

	@Test
	void nonBrowserOriginsAreAcceptedAndForeignBrowserOriginsRefused() {
		assertThat(connect("/ws?catalog=gen", Map.of("Origin", "ws://127.0.0.1:" + this.port)).next().type())
			.isEqualTo(12);
		assertThat(connect("/ws?catalog=gen", Map.of("Origin", "http://localhost:" + this.port)).next().type())
			.as("same origin")
			.isEqualTo(12);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> connect("/ws?catalog=gen", Map.of("Origin", "http://evil.example")))
			.hasStackTraceContaining("Unexpected HTTP response status code 403");
	}

	@Test
	void connectionWithEmptyCatalogIsClosedWith4400() {
		N6kClient.CloseInfo close = connect("/ws?catalog=").awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(4400);
	}

	@Test
	void connectionToUnservedCatalogIsRefused() {
		N6kClient.CloseInfo close = connect("/ws?catalog=nope").awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(4404);
		assertThat(close.reason()).isEqualTo("catalog \"nope\" is not served");
	}

	@Test
	void singleCatalogConnectionGetsUnpromptedHelloAckFirst() {
		N6kClient client = connect("/ws?catalog=gen");
		ReceivedFrame ack = client.next();
		assertThat(hex(ack.raw())).isEqualTo(HELLO_ACK);
		assertThat(ack.raw()).hasSize(99);
	}

	@Test
	void capabilitiesAreThoseOfTheSessionsCatalog() {
		ReceivedFrame ack = connect("/ws?catalog=mem").next();
		assertThat(ack.keys()).containsExactly("t", "protocol_version", "max_concurrent_reqs", "default_batch_credits",
				"capabilities");
		// the in-memory backend implements AGGREGATE
		assertThat(ack.get("capabilities")).isEqualTo(List.of("aggregate_pushdown"));
	}

	@Test
	void catalogListAnswersSchemasThenEmptyEnd() {
		N6kClient client = open("mem");
		Response response = client.call(1, 1, Map.of());
		assertThat(response.types()).containsExactly(3, 4);
		assertThat(response.frames().get(0).keys()).containsExactly("t", "id", "schemas");
		assertThat(response.frames().get(0).get("schemas")).isEqualTo(List.of("main"));
		assertThat(hex(response.terminal().raw())).isEqualTo("82 a1 74 04 a2 69 64 01");
	}

	@Test
	void noFrameOfASingleCatalogConnectionCarriesNs() {
		N6kClient client = open("gen");
		client.request(1, 7, Map.of("sql", "rows:5000"));
		Response response = client.collect(1, 0, N6kClient.TIMEOUT, true);
		client.ping(3);
		ReceivedFrame pong = client.take((f) -> f.type() == 10, N6kClient.TIMEOUT);
		assertThat(response.frames()).allSatisfy((frame) -> assertThat(frame.has("ns")).isFalse());
		assertThat(pong.has("ns")).isFalse();
	}

	// ---------------------------------------------------------------- HELLO and sessions

	@Test
	void helloOnTheDefaultSessionIsIgnored() {
		N6kClient client = open("mem");
		client.hello(0, null, "irrelevant");
		assertThat(client.poll((f) -> true, Duration.ofSeconds(1))).isNull();
		assertThat(client.isClosed()).isFalse();
	}

	@Test
	void helloWithNsOpensAnotherSessionWhoseResponsesAreStamped() {
		N6kClient client = open("gen");
		client.hello(1, "gen", "");
		ReceivedFrame ack = client.next();
		assertThat(hex(ack.raw())).isEqualTo("86 " + HELLO_ACK.substring(3) + " a2 6e 73 01");
		assertThat(ack.raw()).hasSize(103);
		Response response = client.call(1, 1, 1, Map.of(), new byte[0]);
		assertThat(response.frames()).allSatisfy((frame) -> assertThat(frame.ns()).isEqualTo(1));
		assertThat(response.frames().get(0).get("schemas")).isEqualTo(List.of("main"));
		assertThat(response.frames().get(0).keys()).containsExactly("t", "id", "ns", "schemas");
		assertThat(hex(response.terminal().raw())).isEqualTo("83 a1 74 04 a2 69 64 01 a2 6e 73 01");
	}

	@Test
	void duplicateHelloIsRefusedAndTheSessionSurvives() {
		N6kClient client = open("mem");
		client.hello(1, "mem", "");
		client.next();
		client.hello(1, "mem", "");
		ReceivedFrame error = client.next();
		assertThat(error.type()).isEqualTo(13);
		assertThat(error.keys()).containsExactly("t", "exception_type", "exception_message", "ns");
		assertThat(error.string("exception_type")).isEqualTo("InvalidInputException");
		assertThat(error.string("exception_message"))
			.isEqualTo("duplicate HELLO for ns=1; that session is already open");
		assertThat(client.call(2, 1, 1, Map.of(), new byte[0]).isError()).isFalse();
	}

	@Test
	void helloNamingACatalogTheConnectionDoesNotServeIsRefused() {
		N6kClient client = open("mem");
		client.hello(2, "other", "");
		ReceivedFrame error = client.next();
		assertThat(error.type()).isEqualTo(13);
		assertThat(error.ns()).isEqualTo(2);
		assertThat(error.string("exception_message"))
			.isEqualTo("catalog \"other\" is not served by this connection (serving \"mem\")");
		assertThat(client.call(1, 1, Map.of()).isError()).isFalse();
	}

	@Test
	void requestForAnUnknownSessionIsRefused() {
		N6kClient client = open("mem");
		client.request(6, 9, 2, Map.of(), new byte[0]);
		ReceivedFrame error = client.next();
		assertThat(error.type()).isEqualTo(5);
		assertThat(error.keys()).containsExactly("t", "id", "ns", "exception_type", "exception_message");
		assertThat(error.id()).isEqualTo(6);
		assertThat(error.ns()).isEqualTo(9);
		assertThat(error.string("exception_message")).isEqualTo("unknown session ns=9");
	}

	// ---------------------------------------------------------------- keep-alive

	@Test
	void pingIsAnsweredWithItsIdAndNeverStamped() {
		N6kClient client = open("mem");
		client.send(Map.of("t", 9, "id", 77, "ns", 1));
		assertThat(hex(client.next().raw())).isEqualTo("82 a1 74 0a a2 69 64 4d");
		client.send(Map.of("t", 9));
		assertThat(hex(client.next().raw())).isEqualTo("82 a1 74 0a a2 69 64 00");
	}

	@Test
	void pongIsAcceptedSilently() {
		N6kClient client = open("mem");
		client.send(Map.of("t", 10, "id", 5));
		client.send(Map.of("t", 10));
		assertThat(client.poll((f) -> true, SILENCE)).isNull();
		assertThat(client.isClosed()).isFalse();
	}

	@Test
	void serverPingsCountUpFromOneWithoutNs() {
		N6kClient client = connect("/ping/ws");
		client.next();
		for (long expected = 1; expected <= 3; expected++) {
			ReceivedFrame ping = client.take((f) -> f.type() == 9, Duration.ofSeconds(2));
			assertThat(ping.keys()).containsExactly("t", "id");
			assertThat(ping.id()).isEqualTo(expected);
		}
	}

	@Test
	void keepAliveZeroDisablesPingsAndASilentSingleCatalogClientStaysOpen() {
		N6kClient client = connect("/ping/ws?ping_ms=0");
		client.next();
		assertThat(client.poll((f) -> true, Duration.ofMillis(2200))).isNull();
		assertThat(client.isClosed()).isFalse();
		assertThat(client.call(1, 1, Map.of()).isError()).isFalse();
	}

	// ---------------------------------------------------------------- credits and cancel

	@Test
	void streamSendsExactlyEightChunksThenWaitsForCredit() {
		N6kClient client = open("gen");
		client.request(1, 7, Map.of("sql", "endless"));
		assertThat(client.next().type()).isEqualTo(2);
		for (int i = 0; i < 8; i++) {
			ReceivedFrame chunk = client.next();
			assertThat(chunk.keys()).containsExactly("t", "id", "arrow");
		}
		assertThat(client.poll((f) -> true, SILENCE)).isNull();
		assertThat(this.server.stats().liveCreditPauses()).isGreaterThanOrEqualTo(1);
		client.cancel(1, 0);
		assertThat(client.next().type()).isEqualTo(4);
	}

	@Test
	void creditReleasesExactlyThatManyChunks() {
		N6kClient client = open("gen");
		client.request(1, 7, Map.of("sql", "endless"));
		for (int i = 0; i < 9; i++) {
			client.next();
		}
		client.credit(1, 0, 3);
		for (int i = 0; i < 3; i++) {
			assertThat(client.next().type()).isEqualTo(3);
		}
		assertThat(client.poll((f) -> true, SILENCE)).isNull();
		client.credit(1, 0, 0);
		client.credit(1, 0, -5);
		assertThat(client.poll((f) -> true, SILENCE)).isNull();
		client.cancel(1, 0);
		client.collect(1, 0, N6kClient.TIMEOUT);
	}

	@Test
	void cancelWhileWaitingForCreditEndsTheStreamWithoutEos() throws InterruptedException {
		N6kClient client = open("gen");
		int closedBefore = this.generator.closed.get();
		long cancelsBefore = this.server.stats().liveCancels();
		client.request(1, 7, Map.of("sql", "endless"));
		for (int i = 0; i < 9; i++) {
			client.next();
		}
		client.cancel(1, 0);
		ReceivedFrame end = client.next();
		assertThat(hex(end.raw())).isEqualTo("83 a1 74 04 a2 69 64 01 a9 63 61 6e 63 65 6c 6c 65 64 c3");
		assertThat(this.generator.closed.get()).isEqualTo(closedBefore + 1);
		assertThat(this.server.stats().liveCancels()).isEqualTo(cancelsBefore + 1);
		client.credit(1, 0, 5);
		client.cancel(1, 0);
		assertThat(client.poll((f) -> true, SILENCE)).isNull();
	}

	@Test
	void finishedStreamSendsEosThenRowcountNil() {
		N6kClient client = open("gen");
		Response response = client.call(1, 7, Map.of("sql", "rows:5000"));
		assertThat(response.types()).containsExactly(2, 3, 3, 3, 3, 4);
		assertThat(response.dataChunks()).isEqualTo(3);
		assertThat(response.hasEos()).isTrue();
		ReceivedFrame eos = response.frames().get(4);
		assertThat(hex(eos.raw())).isEqualTo("83 a1 74 03 a2 69 64 01 a5 61 72 72 6f 77 c3 ff ff ff ff 00 00 00 00");
		assertThat(hex(response.terminal().raw())).isEqualTo("83 a1 74 04 a2 69 64 01 a8 72 6f 77 63 6f 75 6e 74 c0");
		assertThat(response.arrow().rows()).hasSize(5000);
	}

	@Test
	void zeroRowStreamSendsSchemaEosAndEnd() {
		N6kClient client = open("gen");
		Response response = client.call(1, 7, Map.of("sql", "rows:0"));
		assertThat(response.types()).containsExactly(2, 3, 4);
		assertThat(response.hasEos()).isTrue();
	}

	@Test
	void batchRowsSplitsLargerBatchesExactly() {
		N6kClient client = open("gen");
		Response response = client.call(1, 7, Map.of("sql", "rows:2500", "_batch_rows", 1000));
		List<Integer> sizes = new ArrayList<>();
		for (ReceivedFrame frame : response.frames()) {
			if (frame.type() == 3 && frame.body().length > 8) {
				sizes.add(io.n6k.client.ArrowData.decode(concat(response.frames().get(0).body(), frame.body()))
					.rows()
					.size());
			}
		}
		assertThat(sizes).containsExactly(1000, 1000, 48, 452);
		Response wholeFloat = client.call(2, 7, Map.of("sql", "rows:3", "_batch_rows", 1.0));
		assertThat(wholeFloat.dataChunks()).isEqualTo(3);
		Response fraction = client.call(4, 7, Map.of("sql", "rows:3", "_batch_rows", 1.5));
		assertThat(fraction.dataChunks()).isEqualTo(1);
		Response ignored = client.call(3, 7, Map.of("sql", "rows:3000", "_batch_rows", -4));
		assertThat(ignored.dataChunks()).isEqualTo(2);
	}

	@Test
	void errorWhileStreamingIsTerminal() {
		N6kClient client = open("gen");
		Response response = client.call(1, 7, Map.of("sql", "fail:2"));
		assertThat(response.types()).containsExactly(2, 3, 3, 5);
		assertThat(response.exceptionType()).isEqualTo("InvalidInputException");
		assertThat(response.exceptionMessage()).isEqualTo("generator failed on purpose");
		assertThat(response.terminal().has("retriable")).isFalse();
	}

	// ---------------------------------------------------------------- admission

	@Test
	void requestIdInUseIsRefusedWhileTheFirstKeepsRunning() {
		N6kClient client = open("gen");
		client.request(1, 7, Map.of("sql", "endless"));
		client.next();
		client.request(1, 7, Map.of("sql", "endless"));
		ReceivedFrame error = client.take((f) -> f.type() == 5, N6kClient.TIMEOUT);
		assertThat(error.id()).isEqualTo(1);
		assertThat(error.string("exception_message")).isEqualTo("req_id 1 in use");
		client.cancel(1, 0);
		assertThat(client.take((f) -> f.type() == 4, N6kClient.TIMEOUT).get("cancelled")).isEqualTo(true);
	}

	@Test
	void sixtyFifthConcurrentRequestIsRefused() {
		N6kClient client = open("gen");
		for (int id = 1; id <= 64; id++) {
			client.request(id, 7, Map.of("sql", "endless"));
		}
		client.request(65, 7, Map.of("sql", "endless"));
		ReceivedFrame error = client.take((f) -> f.type() == 5, N6kClient.TIMEOUT);
		assertThat(error.id()).isEqualTo(65);
		assertThat(error.string("exception_message"))
			.isEqualTo("too many concurrent requests on this connection (limit 64, as advertised in HELLO_ACK)");
		for (int id = 1; id <= 64; id++) {
			client.cancel(id, 0);
		}
		for (int id = 1; id <= 64; id++) {
			long expected = id;
			client.take((f) -> f.type() == 4 && f.id() == expected, N6kClient.TIMEOUT);
		}
		assertThat(client.call(66, 1, Map.of()).isError()).isFalse();
	}

	@Test
	void unknownOpsAreNotImplemented() {
		N6kClient client = open("mem");
		assertThat(client.call(1, 99, Map.of()).exceptionMessage()).isEqualTo("n6k_server: op 99 not implemented yet");
		Response push = client.call(2, 12, Map.of());
		assertThat(push.exceptionType()).isEqualTo("NotImplementedException");
		assertThat(push.exceptionMessage()).isEqualTo("n6k_server: op 12 not implemented yet");
		client.send(Map.of("t", 1, "id", 3));
		assertThat(client.collect(3, 0, N6kClient.TIMEOUT).exceptionMessage())
			.isEqualTo("n6k_server: op 255 not implemented yet");
		assertThat(client.call(4, 7, Map.of("sql", "x")).exceptionType()).isEqualTo("NotImplementedException");
	}

	@Test
	void missingArgumentsUseTheReferenceMessages() {
		N6kClient client = open("mem");
		assertThat(client.call(1, 3, Map.of("schema", "main")).exceptionMessage())
			.isEqualTo("n6k_server: OP_TABLE_SCHEMA requires \"schema\" and \"table\"");
		assertThat(client.call(2, 4, Map.of("schema", "", "table", "users")).exceptionMessage())
			.isEqualTo("n6k_server: OP_SCAN requires \"schema\" and \"table\"");
		assertThat(client.call(3, 4, Map.of("schema", 5, "table", "users")).exceptionType())
			.isEqualTo("InvalidInputException");
	}

	// ---------------------------------------------------------------- bad input

	@Test
	void malformedFrameClosesOnlyItsOwnConnection() {
		N6kClient bystander = open("mem");
		N6kClient array = open("mem");
		array.sendRaw(new byte[] { (byte) 0x91, 0x01 });
		assertThat(array.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		N6kClient truncated = open("mem");
		truncated.sendRaw(new byte[] { (byte) 0x85, (byte) 0xa1 });
		assertThat(truncated.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		N6kClient empty = open("mem");
		empty.sendRaw(new byte[0]);
		assertThat(empty.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
		assertThat(bystander.call(1, 1, Map.of()).isError()).isFalse();
	}

	@Test
	void frameWithoutUsableTypeIsIgnored() {
		N6kClient client = open("mem");
		client.send(Map.of("id", 1));
		client.send(Map.of("t", "REQ", "id", 1));
		assertThat(client.poll((f) -> true, SILENCE)).isNull();
		assertThat(client.call(2, 1, Map.of()).isError()).isFalse();
	}

	@Test
	void textMessageClosesTheConnection() {
		N6kClient client = open("mem");
		client.sendText("{\"t\":1}");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1003);
		assertThat(client.inbox()).isEmpty();
	}

	@Test
	void oversizedMessageClosesTheConnectionWith1009() {
		N6kClient client = open("mem");
		try {
			client.send(Map.of("t", 1, "id", 1, "op", 5, "schema", "main", "table", "users"),
					new byte[2 * 1024 * 1024]);
		}
		catch (CompletionException ex) {
			// the server may close before the client has written the whole message (Jetty
			// refuses it once the first megabyte is in)
			assertThat(ex).hasMessageContaining("closed output");
		}
		assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
	}

	@Test
	void oversizedFragmentedMessageClosesTheConnectionWith1009() {
		N6kClient client = open("mem");
		try {
			client.sendFragmented(N6kClient.frame(Map.of("t", 1, "id", 1, "op", 5, "schema", "main", "table", "users"),
					new byte[1536 * 1024]), 32 * 1024);
		}
		catch (CompletionException ex) {
			// as above: the server may close before the last fragment is written
			assertThat(ex).hasMessageContaining("closed output");
		}
		assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1009);
	}

	@Test
	void disconnectMidStreamReleasesEverything() throws InterruptedException {
		N6kClient client = open("gen");
		int opened = this.generator.opened.get();
		client.request(1, 7, Map.of("sql", "endless"));
		client.request(2, 7, Map.of("sql", "endless"));
		client.take((f) -> f.type() == 3 && f.id() == 2, N6kClient.TIMEOUT);
		client.abort();
		long deadline = System.currentTimeMillis() + 5000;
		while (this.generator.closed.get() < opened + 2 && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
		}
		assertThat(this.generator.closed.get()).isEqualTo(this.generator.opened.get());
	}

	// ---------------------------------------------------------------- PUSH

	@Test
	void pushReachesExactlyTheSessionsBoundToTheCatalog() {
		N6kClient nativeStyle = open("mem");
		nativeStyle.hello(1, "mem", "");
		nativeStyle.next();
		N6kClient other = open("gen");
		int sent = this.invalidation.notifyInvalidate("mem", "main");
		assertThat(sent).isEqualTo(2);
		ReceivedFrame unstamped = nativeStyle.take((f) -> f.type() == 8 && !f.has("ns"), N6kClient.TIMEOUT);
		ReceivedFrame stamped = nativeStyle.take((f) -> f.type() == 8 && f.has("ns"), N6kClient.TIMEOUT);
		assertThat(hex(unstamped.raw())).isEqualTo("83 a1 74 08 a2 6f 70 0c a7 73 63 68 65 6d 61 73 91 a4 6d 61 69 6e");
		assertThat(hex(stamped.raw()))
			.isEqualTo("84 a1 74 08 a2 6f 70 0c a7 73 63 68 65 6d 61 73 91 a4 6d 61 69 6e a2 6e 73 01");
		assertThat(other.poll((f) -> f.type() == 8, SILENCE)).isNull();
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.invalidation.notifyInvalidate("nobody", "main"))
			.withMessage("catalog \"nobody\" is not served");
	}

	// ---------------------------------------------------------------- multiplexing

	@Test
	void multiplexedConnectionRoutesBySession() {
		N6kClient client = connect("/mux/ws?catalogs=mem,gen");
		assertThat(client.poll((f) -> true, Duration.ofMillis(300))).isNull();
		client.request(5, 0, 2, Map.of(), new byte[0]);
		assertThat(client.next().string("exception_message")).isEqualTo(
				"this connection serves 2 catalogs (\"mem\", \"gen\"); send FT_HELLO with an `ns` and a `catalog` first");
		client.hello(1, null, "");
		assertThat(client.next().string("exception_message")).isEqualTo(
				"this connection serves 2 catalogs (\"mem\", \"gen\"); HELLO must name one in its \"catalog\" field");
		client.hello(1, "mem", "");
		assertThat(client.next().ns()).isEqualTo(1);
		client.hello(2, "gen", "");
		assertThat(client.next().ns()).isEqualTo(2);
		client.request(1, 1, 1, Map.of(), new byte[0]);
		client.request(1, 2, 7, Map.of("sql", "rows:10"), new byte[0]);
		Response first = client.collect(1, 1, N6kClient.TIMEOUT);
		Response second = client.collect(1, 2, N6kClient.TIMEOUT, true);
		assertThat(first.frames().get(0).get("schemas")).isEqualTo(List.of("main"));
		assertThat(second.arrow().rows()).hasSize(10);
		assertThat(this.invalidation.notifyInvalidate("gen", "main")).isEqualTo(1);
		assertThat(client.take((f) -> f.type() == 8, N6kClient.TIMEOUT).ns()).isEqualTo(2);
		client.cancel(0, 2);
		client.request(7, 2, 1, Map.of(), new byte[0]);
		assertThat(client.collect(7, 2, N6kClient.TIMEOUT).exceptionMessage()).isEqualTo("unknown session ns=2");
		client.hello(2, "gen", "");
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(client.isClosed()).isFalse();
	}

	@Test
	void closingASessionCancelsItsStreams() {
		N6kClient client = connect("/mux/ws?catalogs=mem,gen");
		client.hello(3, "gen", "");
		client.next();
		client.request(1, 3, 7, Map.of("sql", "endless"), new byte[0]);
		client.take((f) -> f.type() == 3, N6kClient.TIMEOUT);
		client.cancel(0, 3);
		ReceivedFrame end = client.take((f) -> f.type() == 4, N6kClient.TIMEOUT);
		assertThat(end.get("cancelled")).isEqualTo(true);
		assertThat(end.ns()).isEqualTo(3);
	}

	@Test
	void silentMultiplexedConnectionIsReaped() {
		N6kClient client = connect("/mux/ws?catalogs=mem,gen");
		ReceivedFrame error = client.next(Duration.ofSeconds(5));
		assertThat(error.type()).isEqualTo(13);
		assertThat(error.has("ns")).isFalse();
		assertThat(error.string("exception_message")).isEqualTo(
				"no FT_HELLO within 1000ms; this connection serves 2 catalogs (\"mem\", \"gen\") and needs one named");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	// ---------------------------------------------------------------- authentication

	@Test
	void validBearerHeaderConnectsLikeAnOpenMount() {
		N6kClient client = connect("/auth/ws?catalog=gen", Map.of("Authorization", "Bearer secret"));
		assertThat(hex(client.next().raw())).isEqualTo(HELLO_ACK);
		client.hello(0, null, "wrong-but-ignored");
		assertThat(client.poll((f) -> true, SILENCE)).isNull();
		assertThat(EngineTestConfiguration.principals()).contains("tester");
	}

	@Test
	void aPrincipalAuthenticatedByTheServletContainerNeedsNoToken() {
		EngineTestConfiguration.handshakes.clear();
		N6kClient client = connect("/auth/ws?catalog=gen", Map.of("X-Test-User", "carol"));
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(EngineTestConfiguration.principals()).containsExactly("carol");
	}

	@Test
	void invalidBearerHeaderIsClosedWith4401() {
		N6kClient client = connect("/auth/ws?catalog=mem", Map.of("Authorization", "Bearer nope"));
		N6kClient.CloseInfo close = client.awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(4401);
		assertThat(close.reason()).isEqualTo("unauthorized");
		assertThat(client.inbox()).isEmpty();
	}

	@Test
	void tokenQueryParameterIsTheSecondCredential() {
		assertThat(connect("/auth/ws?catalog=mem&token=secret").next().type()).isEqualTo(12);
		assertThat(connect("/auth/ws?catalog=mem&token=bad").awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
		N6kClient headerWins = connect("/auth/ws?catalog=mem&token=bad", Map.of("Authorization", "Bearer secret"));
		assertThat(headerWins.next().type()).isEqualTo(12);
	}

	@Test
	void helloTokenAuthenticatesAConnectionWithoutTransportCredential() {
		EngineTestConfiguration.handshakes.clear();
		N6kClient client = connect("/auth/ws?catalog=gen");
		assertThat(client.poll((f) -> true, Duration.ofMillis(300))).isNull();
		assertThat(EngineTestConfiguration.handshakes).isEmpty();
		client.request(1, 1, Map.of());
		ReceivedFrame refused = client.next();
		assertThat(refused.type()).isEqualTo(5);
		assertThat(refused.string("exception_message"))
			.isEqualTo("this connection serves 1 catalogs (\"gen\"); send FT_HELLO with an `ns` and a `catalog` first");
		client.send(Map.of("t", 11, "token", "secret"));
		assertThat(hex(client.next().raw())).isEqualTo(HELLO_ACK);
		assertThat(client.call(2, 1, Map.of()).isError()).isFalse();
		assertThat(EngineTestConfiguration.principals()).containsExactly("tester");
	}

	@Test
	void rejectedHelloTokenIsAnsweredThenTheConnectionEnds() {
		N6kClient client = connect("/auth/ws?catalog=mem");
		client.send(Map.of("t", 11, "token", "wrong-token"));
		ReceivedFrame error = client.next();
		assertThat(error.type()).isEqualTo(13);
		assertThat(error.string("exception_type")).isEqualTo("InvalidInputException");
		assertThat(error.string("exception_message")).isEqualTo("unauthorized");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void silentConnectionThatMustAuthenticateIsReaped() {
		N6kClient client = connect("/auth/ws?catalog=mem");
		ReceivedFrame error = client.next(Duration.ofSeconds(5));
		assertThat(error.string("exception_message"))
			.isEqualTo("no FT_HELLO within 1000ms; this connection requires an authorized FT_HELLO");
		assertThat(client.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1000);
	}

	@Test
	void pathVariablesReachTheSessionFactoryWhichMayRefuse() {
		EngineTestConfiguration.handshakes.clear();
		N6kClient client = connect("/tenant/acme/ws?catalog=mem&token=not-logged");
		assertThat(client.next().type()).isEqualTo(12);
		assertThat(EngineTestConfiguration.handshakes).hasSize(1);
		assertThat(EngineTestConfiguration.handshakes.get(0).pathVariables()).containsEntry("tenant", "acme");
		assertThat(EngineTestConfiguration.handshakes.get(0).queryParameters()).doesNotContainKey("token");
		assertThat(EngineTestConfiguration.handshakes.get(0).catalogs()).containsExactly("mem");
		N6kClient.CloseInfo close = connect("/tenant/blocked/ws?catalog=mem").awaitClose(Duration.ofSeconds(5));
		assertThat(close.code()).isEqualTo(4403);
		assertThat(close.reason()).isEqualTo("tenant blocked");
	}

	// ---------------------------------------------------------------- in-memory backend

	@Test
	void inMemoryBackendServesProjectionAndFilters() {
		N6kClient client = open("mem");
		Response tables = client.call(1, 2, Map.of());
		assertThat(tables.frames().get(0).get("tables")).isEqualTo(List.of(Map.of("schema", "main", "name", "users",
				"writable", false, "editable", false, "primary_keys", List.of())));
		Response scan = client.call(2, 4,
				args("schema", "main", "table", "users", "columns", List.of("name", "id", "name"), "filters",
						List.of(List.of("or", List.of(List.of("age", ">", 30), List.of("name", "=", "Bob"))))));
		assertThat(scan.arrow().columnNames()).containsExactly("name", "id", "name");
		assertThat(scan.arrow().rows()).containsExactly(List.of("Bob", 2, "Bob"), List.of("Charlie", 3, "Charlie"));
		Response schema = client.call(3, 3, args("schema", "main", "table", "users"));
		assertThat(schema.types()).containsExactly(2, 4);
		assertThat(schema.arrow().columnNames()).containsExactly("id", "name", "age");
		assertThat(client.call(4, 4, args("schema", "main", "table", "nope")).exceptionType())
			.isEqualTo("CatalogException");
		assertThat(
				client.call(5, 4, args("schema", "main", "table", "users", "filters", List.of(List.of("age", "~", 1))))
					.exceptionMessage())
			.isEqualTo("n6k: unsupported filter operator '~'");
	}

	@Test
	void eightParallelSlowScansOverlap() {
		N6kClient client = open("slow");
		long start = System.nanoTime();
		for (int id = 1; id <= 8; id++) {
			client.request(id, 4, args("schema", "main", "table", "users"));
		}
		for (int id = 1; id <= 8; id++) {
			assertThat(client.collect(id, 0, N6kClient.TIMEOUT, true).arrow().rows()).hasSize(3);
		}
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
		assertThat(elapsedMillis).isLessThan(8 * 500 / 3);
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = new byte[a.length + b.length];
		System.arraycopy(a, 0, out, 0, a.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
