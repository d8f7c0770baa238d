package io.n6k.invalidation.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.n6k.invalidation.broadcast.Broker;
import io.n6k.invalidation.broadcast.InvalidationMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Invalidations through Redis: messages by pub/sub on one channel; the catalogs' sequence
 * numbers, the schemas' stamps and the shared baseline in keys named after the channel
 * ({@code {channel}:epoch}, {@code {channel}:versions},
 * {@code {channel}:schemas:<catalog>}, {@code {channel}:baseline:<catalog>}; the braces
 * keep them in one cluster slot). Numbering, stamping and publishing happen in one Lua
 * script, so numbers reach every subscriber in order. Redis keeps no messages: what a
 * subscriber misses while disconnected is read back from the stamps.
 *
 * @author n6k
 * @since 0.1.0
 */
public class RedisBroker implements Broker {

	private static final String EMPTY_MARK = "\0";

	private static final DefaultRedisScript<String> PUBLISH = new DefaultRedisScript<>("""
			redis.call('SET', KEYS[1], ARGV[1], 'NX')
			local epoch = redis.call('GET', KEYS[1])
			local version = redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
			local stamp = version .. ' ' .. ARGV[3]
			for i = 6, #ARGV do redis.call('HSET', KEYS[3], ARGV[i], stamp) end
			redis.call('PUBLISH', ARGV[4], 'I ' .. epoch .. ' ' .. version .. ' ' .. ARGV[5])
			return epoch
			""", String.class);

	@SuppressWarnings("rawtypes")
	private static final DefaultRedisScript<List> VERSIONS = new DefaultRedisScript<>("""
			local out = { redis.call('GET', KEYS[1]) or '' }
			for _, catalog in ipairs(redis.call('HKEYS', KEYS[2])) do
				table.insert(out, catalog)
				table.insert(out, redis.call('HGETALL', ARGV[1] .. catalog))
			end
			return out
			""", List.class);

	@SuppressWarnings("rawtypes")
	private static final DefaultRedisScript<List> SWAP = new DefaultRedisScript<>("""
			local existed = redis.call('EXISTS', KEYS[1])
			local old = {}
			local flat = redis.call('HGETALL', KEYS[1])
			for i = 1, #flat, 2 do old[flat[i]] = flat[i + 1] end
			local changed = { tostring(existed) }
			local new = {}
			for i = 2, #ARGV, 2 do
				new[ARGV[i]] = true
				if ARGV[i] ~= ARGV[1] and old[ARGV[i]] ~= ARGV[i + 1] then table.insert(changed, ARGV[i]) end
			end
			for k, _ in pairs(old) do
				if k ~= ARGV[1] and not new[k] then table.insert(changed, k) end
			end
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], unpack(ARGV, 2))
			return changed
			""", List.class);

	private static final DefaultRedisScript<Long> INIT = new DefaultRedisScript<>("""
			if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
			redis.call('HSET', KEYS[1], unpack(ARGV))
			return 1
			""", Long.class);

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final String channel;

	private final String prefix;

	private @Nullable RedisMessageListenerContainer container;

	private @Nullable ExecutorService dispatcher;

	/**
	 * Create a broker.
	 * @param connectionFactory the application's connection factory
	 * @param channel the pub/sub channel, also the prefix of the keys
	 */
	public RedisBroker(RedisConnectionFactory connectionFactory, String channel) {
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.channel = channel;
		this.prefix = "{" + channel + "}:";
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public void start(Receiver receiver) {
		// One dispatch thread keeps the broker's order and keeps work off Lettuce's I/O
		// threads.
		this.dispatcher = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "n6k-invalidation-redis");
			thread.setDaemon(true);
			return thread;
		});
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		container.setTaskExecutor(new TaskExecutorAdapter(this.dispatcher));
		container.setRecoveryInterval(500);
		container.setErrorHandler(
				(ex) -> receiver.lost((ex instanceof Exception exception) ? exception : new IllegalStateException(ex)));
		container.addMessageListener(
				(message, pattern) -> receiver.received(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(this.channel));
		container.afterPropertiesSet();
		this.container = container;
		this.dispatcher.execute(() -> subscribe(container, receiver));
	}

	/**
	 * Redis may be down at startup: keep trying; once subscribed, the container recovers
	 * by itself.
	 */
	private void subscribe(RedisMessageListenerContainer container, Receiver receiver) {
		while (this.container == container && !container.isRunning()) {
			try {
				container.start();
			}
			catch (RuntimeException ex) {
				receiver.lost(ex);
				try {
					Thread.sleep(500);
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	@Override
	public void stop() {
		RedisMessageListenerContainer container = this.container;
		this.container = null;
		if (container != null) {
			try {
				container.destroy();
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
		if (this.dispatcher != null) {
			this.dispatcher.shutdownNow();
		}
	}

	@Override
	public void publish(String instance, String catalog, List<String> schemas, String epochCandidate) {
		List<String> args = new ArrayList<>(List.of(epochCandidate, catalog, instance, this.channel,
				InvalidationMessage.body(instance, catalog, schemas)));
		args.addAll(schemas);
		this.redis.execute(PUBLISH, List.of(this.prefix + "epoch", this.prefix + "versions", schemasKey(catalog)),
				args.toArray());
	}

	@Override
	public void send(String message) {
		this.redis.convertAndSend(this.channel, message);
	}

	@Override
	@SuppressWarnings("unchecked")
	public Map<String, CatalogVersions> versions() {
		List<Object> out = this.redis.execute(VERSIONS, List.of(this.prefix + "epoch", this.prefix + "versions"),
				this.prefix + "schemas:");
		Map<String, CatalogVersions> catalogs = new LinkedHashMap<>();
		if (out == null || out.isEmpty()) {
			return catalogs;
		}
		String epoch = (String) out.get(0);
		for (int i = 1; i + 1 < out.size(); i += 2) {
			List<String> flat = (List<String>) out.get(i + 1);
			Map<String, Stamp> stamps = new LinkedHashMap<>();
			for (int j = 0; j + 1 < flat.size(); j += 2) {
				String[] stamp = flat.get(j + 1).split(" ", 2);
				stamps.put(flat.get(j), new Stamp(Long.parseLong(stamp[0]), stamp[1]));
			}
			catalogs.put((String) out.get(i), new CatalogVersions(epoch, stamps));
		}
		return catalogs;
	}

	@Override
	public @Nullable Map<String, String> baseline(String catalog) {
		Map<Object, Object> entries = this.redis.opsForHash().entries(baselineKey(catalog));
		if (entries.isEmpty()) {
			return null;
		}
		Map<String, String> shapes = new LinkedHashMap<>();
		entries.forEach((schema, shape) -> {
			if (!EMPTY_MARK.equals(schema)) {
				shapes.put((String) schema, (String) shape);
			}
		});
		return shapes;
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable Set<String> swapBaseline(String catalog, Map<String, String> shapes, String epochCandidate) {
		List<String> out = this.redis.execute(SWAP, List.of(baselineKey(catalog)), withMark(EMPTY_MARK, shapes));
		if (out == null || out.isEmpty() || "0".equals(out.get(0))) {
			return null;
		}
		return new LinkedHashSet<>(out.subList(1, out.size()));
	}

	@Override
	public void initBaseline(String catalog, Map<String, String> shapes, String epochCandidate) {
		this.redis.execute(INIT, List.of(baselineKey(catalog)), pairs(shapes).toArray());
	}

	private String schemasKey(String catalog) {
		return this.prefix + "schemas:" + catalog;
	}

	private String baselineKey(String catalog) {
		return this.prefix + "baseline:" + catalog;
	}

	/** The mark field keeps an empty catalog's baseline from being an absent key. */
	private static List<String> pairs(Map<String, String> shapes) {
		List<String> args = new ArrayList<>(List.of(EMPTY_MARK, ""));
		shapes.forEach((schema, shape) -> {
			args.add(schema);
			args.add(shape);
		});
		return args;
	}

	private static Object[] withMark(String mark, Map<String, String> shapes) {
		List<String> args = new ArrayList<>();
		args.add(mark);
		args.addAll(pairs(shapes));
		return args.toArray();
	}

}
