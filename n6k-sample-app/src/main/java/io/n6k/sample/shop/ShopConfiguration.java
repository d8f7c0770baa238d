package io.n6k.sample.shop;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;

import io.n6k.backend.SharedCatalog;
import io.n6k.memory.InMemoryCatalog;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The example's second catalog, {@code jvm}: a snapshot of the JVM's memory pools held as
 * Arrow data and served by the in-memory backend, through the same SPI as DuckDB.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!conformance")
class ShopConfiguration {

	@Bean
	SharedCatalog jvmCatalog() {
		Schema schema = new Schema(List.of(new Field("pool", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
				new Field("used_bytes", FieldType.nullable(new ArrowType.Int(64, true)), null)));
		List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
			root.allocateNew();
			for (int i = 0; i < pools.size(); i++) {
				((VarCharVector) root.getVector(0)).setSafe(i, pools.get(i).getName().getBytes());
				((BigIntVector) root.getVector(1)).setSafe(i, pools.get(i).getUsage().getUsed());
			}
			root.setRowCount(pools.size());
			return new SharedCatalog("jvm", InMemoryCatalog.builder().table("main", "memory_pools", root).build());
		}
	}

}
