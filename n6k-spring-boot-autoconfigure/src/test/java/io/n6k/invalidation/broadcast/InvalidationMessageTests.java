package io.n6k.invalidation.broadcast;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text of messages between instances: any schema name survives, the "too large"
 * marker cannot be mistaken for a schema, and foreign messages are ignored.
 */
class InvalidationMessageTests {

	@Test
	void schemaNamesWithSpacesMarkersAndUnicodeSurvive() {
		List<String> schemas = List.of("main", "two words", "!", "ünïcødé", "a%20b", "");
		String text = InvalidationMessage.invalidation("epoch 1", 42, InvalidationMessage.body("i-1", "app", schemas));
		InvalidationMessage message = InvalidationMessage.parse(text);
		assertThat(message).isNotNull();
		assertThat(message.heartbeat()).isFalse();
		assertThat(message.epoch()).isEqualTo("epoch 1");
		assertThat(message.version()).isEqualTo(42);
		assertThat(message.instance()).isEqualTo("i-1");
		assertThat(message.catalog()).isEqualTo("app");
		assertThat(message.schemas()).isEqualTo(schemas);
	}

	@Test
	void tooLargeMarkerMeansReadTheSchemasFromTheBroker() {
		String text = InvalidationMessage.invalidation("e", 7, InvalidationMessage.body("i", "app", null));
		InvalidationMessage message = InvalidationMessage.parse(text);
		assertThat(message).isNotNull();
		assertThat(message.schemas()).isNull();
	}

	@Test
	void heartbeatsAndForeignMessages() {
		InvalidationMessage heartbeat = InvalidationMessage.parse(InvalidationMessage.heartbeat("i", "3"));
		assertThat(heartbeat).isNotNull();
		assertThat(heartbeat.heartbeat()).isTrue();
		assertThat(heartbeat.instance()).isEqualTo("i");
		assertThat(InvalidationMessage.parse("hello")).isNull();
		assertThat(InvalidationMessage.parse("I e notanumber i app main")).isNull();
		assertThat(InvalidationMessage.parse("I e 1 i app")).isNull();
	}

}
