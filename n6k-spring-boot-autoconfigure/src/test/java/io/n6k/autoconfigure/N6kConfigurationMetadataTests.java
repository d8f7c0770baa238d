package io.n6k.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata IDEs read describes the map-typed keys and offers the values
 * of the enumerated ones (issue 11).
 */
class N6kConfigurationMetadataTests {

	@Test
	void hintsOfferEveryValueWithADescription() throws Exception {
		JsonNode metadata = metadata();
		assertThat(hint(metadata, "n6k.duckdb.init-mode")).containsOnlyKeys("new", "always", "never");
		assertThat(hint(metadata, "n6k.invalidation.broadcast")).containsOnlyKeys("none", "redis", "postgres");
		assertThat(hint(metadata, "n6k.duckdb.init-mode").values())
			.allSatisfy((description) -> assertThat(description).isNotBlank());
	}

	@Test
	void mapTypedKeysDescribeWhatGoesInside() throws Exception {
		JsonNode metadata = metadata();
		assertThat(description(metadata, "n6k.catalogs")).contains("\"permissions\"", "read or readwrite",
				"\"access: all\"", "\"primary-keys\"", "\"path\"");
		assertThat(description(metadata, "n6k.auth.tokens")).contains("\"value\"", "\"catalogs\"");
		assertThat(description(metadata, "n6k.duckdb.init-mode")).isNotBlank();
	}

	private static JsonNode metadata() throws Exception {
		try (InputStream in = N6kConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return new ObjectMapper().readTree(Objects.requireNonNull(in, "generated metadata"));
		}
	}

	private static Map<String, String> hint(JsonNode metadata, String name) {
		for (JsonNode hint : metadata.get("hints")) {
			if (hint.get("name").asText().equals(name)) {
				Map<String, String> values = new java.util.LinkedHashMap<>();
				hint.get("values")
					.forEach((value) -> values.put(value.get("value").asText(), value.path("description").asText()));
				return values;
			}
		}
		throw new AssertionError("no hint for " + name);
	}

	private static String description(JsonNode metadata, String name) {
		List<String> found = new java.util.ArrayList<>();
		metadata.get("properties").forEach((property) -> {
			if (property.get("name").asText().equals(name)) {
				found.add(property.path("description").asText());
			}
		});
		assertThat(found).as(name).hasSize(1);
		return found.get(0);
	}

}
