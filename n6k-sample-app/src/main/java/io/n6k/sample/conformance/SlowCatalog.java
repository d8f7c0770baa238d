package io.n6k.sample.conformance;

import java.time.Duration;
import java.util.List;

import io.n6k.memory.InMemoryCatalog;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code slowdb} catalog hook (protocol §9.5): provider-like read-only tables whose
 * every scan (and aggregate) takes 0.5 s (a timer, not a sleeping thread), one of them
 * built from a dictionary-encoded column and served as plain VARCHAR. Like the
 * reference's provider-backed catalog it pushes aggregates: the in-memory backend
 * implements AGGREGATE and advertises {@code aggregate_pushdown}.
 */
final class SlowCatalog {

	private SlowCatalog() {
	}

	static InMemoryCatalog create() {
		InMemoryCatalog.Builder builder = InMemoryCatalog.builder().scanDelay(Duration.ofMillis(500));
		try (BufferAllocator allocator = new RootAllocator()) {
			Schema slow = new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
					new Field("value", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
			try (VectorSchemaRoot root = VectorSchemaRoot.create(slow, allocator)) {
				fill(root, new String[] { "a", "b", "c" });
				builder.table("main", "slow", root);
			}
			try (VarCharVector values = new VarCharVector("cat_values", allocator);
					VarCharVector plain = new VarCharVector("cat", allocator);
					BigIntVector id = new BigIntVector("id", allocator)) {
				values.allocateNew();
				values.setSafe(0, "x".getBytes());
				values.setSafe(1, "y".getBytes());
				values.setValueCount(2);
				Dictionary dictionary = new Dictionary(values,
						new DictionaryEncoding(1, false, new ArrowType.Int(8, true)));
				plain.allocateNew();
				String[] cats = { "x", "y", "x" };
				id.allocateNew(3);
				for (int i = 0; i < 3; i++) {
					plain.setSafe(i, cats[i].getBytes());
					id.set(i, i + 1);
				}
				plain.setValueCount(3);
				id.setValueCount(3);
				FieldVector encoded = (FieldVector) DictionaryEncoder.encode(plain, dictionary);
				try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(id.getField(), encoded.getField()),
						List.of(id, encoded), 3)) {
					builder.table("cats", "cats", root, new DictionaryProvider.MapDictionaryProvider(dictionary));
				}
			}
		}
		return builder.build();
	}

	private static void fill(VectorSchemaRoot root, String[] values) {
		root.allocateNew();
		for (int i = 0; i < values.length; i++) {
			((BigIntVector) root.getVector(0)).setSafe(i, i + 1);
			((VarCharVector) root.getVector(1)).setSafe(i, values[i].getBytes());
		}
		root.setRowCount(values.length);
	}

}
