package io.n6k.invalidation.broadcast;

import java.util.List;

import io.n6k.support.BrokerProcess;
import io.n6k.support.RedisProcess;

/**
 * Two instances broadcasting invalidations through a real redis-server, whose restarts
 * lose all its data.
 */
class RedisBroadcastTests extends BroadcastScenarios {

	@Override
	BrokerProcess createBroker() {
		return new RedisProcess();
	}

	@Override
	List<Class<?>> sources() {
		return List.of();
	}

	@Override
	List<String> properties(int brokerPort) {
		return List.of("n6k.invalidation.broadcast=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + brokerPort, "spring.data.redis.timeout=2s");
	}

}
