package io.n6k.invalidation.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.n6k.client.N6kClient;
import io.n6k.support.BrokerProcess;
import io.n6k.support.PausableProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.n6k.invalidation.broadcast.Instance.noPush;
import static io.n6k.invalidation.broadcast.Instance.push;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances sharing a real broker, a client on each: what must hold whichever broker
 * carries the invalidations. Subclasses start the broker and configure the instances.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BroadcastScenarios {

	static final Duration QUIET = Duration.ofMillis(400);

	BrokerProcess broker;

	Instance a;

	Instance b;

	abstract BrokerProcess createBroker();

	abstract List<Class<?>> sources();

	/** B reaches the broker through it, so that it can be made a slow subscriber. */
	PausableProxy proxy;

	abstract List<String> properties(int brokerPort);

	@BeforeAll
	void startBrokerAndInstances() {
		this.broker = createBroker();
		this.broker.start();
		this.proxy = new PausableProxy(this.broker.port());
		this.a = Instance.start("A", sources(), properties(this.broker.port()));
		this.b = Instance.start("B", sources(), properties(this.proxy.port()));
	}

	@AfterAll
	void stopInstancesAndBroker() {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.broker != null) {
			this.broker.close();
		}
	}

	@BeforeEach
	void linksAreUp() {
		this.a.awaitLink(true);
		this.b.awaitLink(true);
	}

	@AfterEach
	void closeClients() {
		this.proxy.resume();
		this.a.closeClients();
		this.b.closeClients();
	}

	@Test
	void notifyInvalidateOnEitherInstanceReachesEveryClientOnce() {
		N6kClient onA = this.a.open("app");
		N6kClient onB = this.b.open("app");
		N6kClient otherCatalog = this.b.open("other");
		assertThat(this.a.invalidation().notifyInvalidate("app", "main", "sales")).isEqualTo(1);
		assertThat(push(onA)).containsExactly("main", "sales");
		assertThat(push(onB)).containsExactly("main", "sales");
		this.b.invalidation().notifyInvalidate("app", "reports");
		assertThat(push(onA)).containsExactly("reports");
		assertThat(push(onB)).containsExactly("reports");
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
		noPush(otherCatalog, Duration.ZERO);
	}

	@Test
	void aShapeChangeSeenByBothInstancesIsPushedOnce() throws Exception {
		N6kClient onA = this.a.open("app");
		N6kClient onB = this.b.open("app");
		for (Instance instance : List.of(this.a, this.b)) {
			instance.database().execute("CREATE SCHEMA app.shaped", "CREATE TABLE app.shaped.t (x INTEGER)");
		}
		assertThat(this.b.invalidation().getInvalidatedSchemas("app")).containsExactly("shaped");
		assertThat(this.a.invalidation().notifyInvalidateIfStale("app")).isTrue();
		assertThat(push(onA)).containsExactly("shaped");
		assertThat(push(onB)).containsExactly("shaped");
		assertThat(this.b.invalidation().getInvalidatedSchemas("app")).as("the baseline is shared").isEmpty();
		assertThat(this.b.invalidation().notifyInvalidateIfStale("app")).isFalse();
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
		for (Instance instance : List.of(this.a, this.b)) {
			instance.database().execute("DROP SCHEMA app.shaped CASCADE");
		}
		assertThat(this.b.invalidation().notifyInvalidateIfStale("app")).isTrue();
		assertThat(this.a.invalidation().notifyInvalidateIfStale("app")).isFalse();
		assertThat(push(onA)).containsExactly("shaped");
		assertThat(push(onB)).containsExactly("shaped");
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
	}

	@Test
	void anOversizedInvalidationReachesTheOtherInstance() {
		N6kClient onA = this.a.open("app");
		N6kClient onB = this.b.open("app");
		String[] schemas = IntStream.range(0, 400)
			.mapToObj((i) -> "a_schema_with_a_rather_long_name_%04d".formatted(i))
			.toArray(String[]::new);
		this.a.invalidation().notifyInvalidate("app", schemas);
		assertThat(push(onA)).containsExactly(schemas);
		assertThat(push(onB)).containsExactlyInAnyOrder(schemas);
		noPush(onB, QUIET);
	}

	@Test
	void whileTheBrokerIsDownPushesStayLocalAndAreSentOnceWhenItReturns() {
		N6kClient onA = this.a.open("app");
		N6kClient onB = this.b.open("app");
		long failedOnA = this.a.status().getNotBroadcast();
		this.broker.stop();
		this.a.awaitLink(false);
		this.b.awaitLink(false);
		assertThat(this.a.status().getError()).isNotBlank();
		assertThat(this.a.invalidation().notifyInvalidate("app", "down_a")).isEqualTo(1);
		assertThat(push(onA)).containsExactly("down_a");
		this.b.invalidation().notifyInvalidate("app", "down_b");
		assertThat(push(onB)).containsExactly("down_b");
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
		assertThat(this.a.status().getNotBroadcast()).isEqualTo(failedOnA + 1);
		this.broker.start();
		this.a.awaitLink(true);
		this.b.awaitLink(true);
		assertThat(push(onA)).containsExactly("down_b");
		assertThat(push(onB)).containsExactly("down_a");
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
		this.a.invalidation().notifyInvalidate("app", "steady");
		assertThat(push(onA)).containsExactly("steady");
		assertThat(push(onB)).containsExactly("steady");
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
	}

	@Test
	void aBrokerRestartInTheMiddleOfABurstLeavesNoClientStale() {
		N6kClient onA = this.a.open("app");
		N6kClient onB = this.b.open("app");
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			if (i == 50) {
				this.broker.stop();
			}
			if (i == 100) {
				// the outage is long enough for both instances to notice it
				this.a.awaitLink(false);
				this.b.awaitLink(false);
				this.broker.start();
			}
			String schema = "burst_%03d".formatted(i);
			sent.add(schema);
			Instance from = (i % 2 == 0) ? this.a : this.b;
			from.invalidation().notifyInvalidate("app", schema);
			sleep(10);
		}
		this.a.awaitLink(true);
		this.b.awaitLink(true);
		assertThat(received(onA, sent)).containsAll(sent);
		assertThat(received(onB, sent)).containsAll(sent);
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
		this.b.invalidation().notifyInvalidate("app", "steady");
		assertThat(push(onA)).containsExactly("steady");
		assertThat(push(onB)).containsExactly("steady");
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
	}

	@Test
	void aSlowSubscriberCatchesUpAndNoClientStaysStale() {
		N6kClient onA = this.a.open("app");
		N6kClient onB = this.b.open("app");
		this.proxy.pause();
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			String[] schemas = IntStream.range(0, 20)
				.mapToObj((j) -> "slow_subscriber_schema_%03d".formatted(j))
				.toArray(String[]::new);
			schemas[0] = "slow_%03d".formatted(i);
			sent.add(schemas[0]);
			this.a.invalidation().notifyInvalidate("app", schemas);
			assertThat(push(onA)).as("the sender's own clients do not wait for a slow subscriber")
				.containsExactly(schemas);
		}
		noPush(onB, QUIET);
		this.proxy.resume();
		assertThat(received(onB, sent)).containsAll(sent);
		this.b.awaitLink(true);
		drain(onB);
		this.a.invalidation().notifyInvalidate("app", "steady");
		assertThat(push(onA)).containsExactly("steady");
		assertThat(push(onB)).containsExactly("steady");
		noPush(onA, QUIET);
		noPush(onB, Duration.ZERO);
	}

	/** Takes what is still arriving after a catch-up, until a quiet spell. */
	private static void drain(N6kClient client) {
		while (client.poll((f) -> f.type() == 8, QUIET) != null) {
			// a catch-up may come as the queued messages or as one resynchronization, or
			// both in part
		}
	}

	/** Collects pushes until every expected schema has arrived or nothing more comes. */
	private static Set<String> received(N6kClient client, List<String> expected) {
		Set<String> schemas = new TreeSet<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!schemas.containsAll(expected) && System.nanoTime() < deadline) {
			var frame = client.poll((f) -> f.type() == 8, Duration.ofSeconds(5));
			if (frame == null) {
				break;
			}
			@SuppressWarnings("unchecked")
			List<String> list = (List<String>) frame.get("schemas");
			schemas.addAll(list);
		}
		return schemas;
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
