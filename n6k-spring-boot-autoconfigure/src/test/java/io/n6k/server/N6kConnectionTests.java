package io.n6k.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.n6k.backend.BatchSource;
import io.n6k.backend.CatalogHandler;
import io.n6k.backend.Handshake;
import io.n6k.backend.RequestContext;
import io.n6k.backend.Requests;
import io.n6k.backend.Result;
import io.n6k.backend.TableRef;
import io.n6k.metrics.N6kStats;
import io.n6k.protocol.Frame;
import io.n6k.protocol.FrameEncoder;
import io.n6k.protocol.FrameType;
import io.n6k.protocol.Protocol;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link N6kConnection} with no server started: frames go in through
 * {@link N6kConnection#onMessagePart} and come out of a {@link TestWebSocketSession}.
 *
 * @author n6k
 */
class N6kConnectionTests {

	private static final Schema SCHEMA = new Schema(
			List.of(new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));

	private final ExecutorService requests = Executors.newCachedThreadPool();

	private final ExecutorService writers = Executors.newCachedThreadPool();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final BufferAllocator allocator = new RootAllocator();

	private final TestWebSocketSession socket = new TestWebSocketSession();

	private final AtomicInteger sourcesClosed = new AtomicInteger();

	private final N6kServer server = new N6kServer(
			new N6kServer.Settings(Duration.ZERO, Duration.ofSeconds(5), 1024 * 1024, 512 * 1024, 2 * 1024 * 1024),
			this.requests, this.writers, this.scheduler, this.allocator, new N6kStats());

	private final N6kConnection connection = new N6kConnection(this.socket, this.server,
			new N6kEndpoint("/ws", (handshake) -> new ConnectionPlan(List.of("gen"), null, null, false),
					(handshake) -> (catalog) -> new EndlessCatalog()),
			new Handshake("c1", "/ws", Map.of(), Map.of(), Map.of(), List.of(), null, null),
			new UpgradeCredentials(null, null, "none"));

	@AfterEach
	void close() {
		this.socket.resumeReading();
		this.connection.onClosed();
		this.requests.shutdownNow();
		this.writers.shutdownNow();
		this.scheduler.shutdownNow();
	}

	@Test
	void creditsGateTheChunksOfAStream() throws Exception {
		this.connection.open();
		await(() -> this.socket.sentOfType(FrameType.HELLO_ACK) == 1);
		receive(Map.of("t", 1, "id", 1, "op", 7, "sql", "endless"));
		await(() -> chunks() == Protocol.DEFAULT_BATCH_CREDITS);
		Thread.sleep(200);
		assertThat(chunks()).as("chunks without new credit").isEqualTo(Protocol.DEFAULT_BATCH_CREDITS);
		assertThat(this.socket.sentOfType(FrameType.RESP_SCHEMA)).isEqualTo(1);
		receive(Map.of("t", 7, "id", 1, "n", 3));
		await(() -> chunks() == Protocol.DEFAULT_BATCH_CREDITS + 3);
		Thread.sleep(200);
		assertThat(chunks()).isEqualTo(Protocol.DEFAULT_BATCH_CREDITS + 3);
		receive(Map.of("t", 7, "id", 99, "n", 3));
		receive(Map.of("t", 7, "id", 1, "n", 0));
		Thread.sleep(100);
		assertThat(chunks()).as("credit for another request, or none").isEqualTo(Protocol.DEFAULT_BATCH_CREDITS + 3);
		receive(Map.of("t", 6, "id", 1));
		await(() -> this.socket.sentOfType(FrameType.RESP_END) == 1);
		Frame end = this.socket.sentFrames()
			.stream()
			.filter((f) -> f.type() == FrameType.RESP_END)
			.findFirst()
			.orElseThrow();
		assertThat(end.header().get("cancelled")).isEqualTo(true);
		await(() -> this.sourcesClosed.get() == 1);
	}

	@Test
	void aClientThatFloodsWithoutReadingIsClosed() throws Exception {
		// was BackpressureTests.aClientThatFloodsWithoutReadingIsClosed (19 s over a
		// socket)
		this.socket.stopReading();
		this.connection.open();
		byte[] ping = FrameEncoder.ping(1);
		for (int i = 0; i < 2_000_000 && this.socket.isOpen(); i++) {
			this.connection.onMessagePart(ByteBuffer.wrap(ping), true);
		}
		CloseStatus status = this.socket.awaitClose(Duration.ofSeconds(10));
		assertThat(status.getCode()).isEqualTo(1008);
		assertThat(this.connection.isClosing()).isTrue();
	}

	@Test
	void fragmentsOfAFrameAreJoinedBeforeItIsRead() throws Exception {
		this.connection.open();
		byte[] ping = FrameEncoder.ping(42);
		this.connection.onMessagePart(ByteBuffer.wrap(ping, 0, 2), false);
		this.connection.onMessagePart(ByteBuffer.wrap(ping, 2, ping.length - 2), true);
		await(() -> this.socket.sentOfType(FrameType.PONG) == 1);
		Frame pong = this.socket.sentFrames()
			.stream()
			.filter((f) -> f.type() == FrameType.PONG)
			.findFirst()
			.orElseThrow();
		assertThat(pong.id()).isEqualTo(42L);
	}

	@Test
	void aMessageOverTheSizeLimitClosesWith1009() throws Exception {
		this.connection.open();
		this.connection.onMessagePart(ByteBuffer.allocate(600 * 1024), false);
		this.connection.onMessagePart(ByteBuffer.allocate(600 * 1024), true);
		CloseStatus status = this.socket.awaitClose(Duration.ofSeconds(10));
		assertThat(status.getCode()).isEqualTo(1009);
		assertThat(status.getReason()).isEqualTo("message larger than 1048576 bytes");
	}

	private long chunks() {
		return this.socket.sentOfType(FrameType.RESP_CHUNK);
	}

	private void receive(Map<String, Object> header) throws IOException {
		try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
			packer.packMapHeader(header.size());
			for (Map.Entry<String, Object> entry : header.entrySet()) {
				packer.packString(entry.getKey());
				if (entry.getValue() instanceof Integer n) {
					packer.packLong(n);
				}
				else {
					packer.packString((String) entry.getValue());
				}
			}
			this.connection.onMessagePart(ByteBuffer.wrap(packer.toByteArray()), true);
		}
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("condition not met within 10 s");
			}
			Thread.sleep(5);
		}
	}

	private final class EndlessCatalog implements CatalogHandler {

		@Override
		public Result catalogList(RequestContext context) {
			throw onlyStreams();
		}

		@Override
		public Result tablesList(RequestContext context, Requests.TablesList request) {
			throw onlyStreams();
		}

		@Override
		public Result tableSchema(RequestContext context, TableRef table) {
			throw onlyStreams();
		}

		private AssertionError onlyStreams() {
			return new AssertionError("these tests only stream from the endless table");
		}

		@Override
		public Result scan(RequestContext context, Requests.Scan request) {
			throw new AssertionError("these tests only stream from the endless table");
		}

		@Override
		public Result query(RequestContext context, Requests.Sql request) {
			VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, context.allocator());
			return Result.stream(new BatchSource() {

				private long produced;

				@Override
				public Schema schema() {
					return SCHEMA;
				}

				@Override
				public VectorSchemaRoot next() {
					BigIntVector vector = (BigIntVector) root.getVector(0);
					vector.allocateNew(1);
					vector.set(0, this.produced++);
					vector.setValueCount(1);
					root.setRowCount(1);
					return root;
				}

				@Override
				public void close() {
					root.close();
					N6kConnectionTests.this.sourcesClosed.incrementAndGet();
				}

			});
		}

	}

}
