package io.n6k.support;

import java.util.List;

import io.n6k.memory.InMemoryCatalog;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds the in-memory fixture: {@code main.users(id, name, age)} with Alice, Bob and
 * Charlie.
 */
public final class Tables {

	private Tables() {
	}

	public static InMemoryCatalog users(java.time.Duration scanDelay) {
		Schema schema = new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(32, true)), null),
				new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
				new Field("age", FieldType.nullable(new ArrowType.Int(32, true)), null)));
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
			IntVector id = (IntVector) root.getVector("id");
			VarCharVector name = (VarCharVector) root.getVector("name");
			IntVector age = (IntVector) root.getVector("age");
			String[] names = { "Alice", "Bob", "Charlie" };
			int[] ages = { 30, 25, 35 };
			root.allocateNew();
			for (int i = 0; i < 3; i++) {
				id.setSafe(i, i + 1);
				name.setSafe(i, names[i].getBytes());
				age.setSafe(i, ages[i]);
			}
			root.setRowCount(3);
			return InMemoryCatalog.builder().table("main", "users", root).scanDelay(scanDelay).build();
		}
	}

}
