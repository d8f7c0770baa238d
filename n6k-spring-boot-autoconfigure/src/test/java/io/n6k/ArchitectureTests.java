package io.n6k;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The package layers of the main code point one way: protocol ← SPI ← {server, duckdb,
 * memory} ← {invalidation, actuate} ← autoconfigure.
 * <ul>
 * <li>protocol ({@code io.n6k.protocol}): the wire format; depends on none of ours.</li>
 * <li>SPI: {@code io.n6k.backend} (what a backend implements, including the invalidation
 * contract {@code CatalogShapeSource}), {@code io.n6k.access} (grants, policies,
 * authentication) and {@code io.n6k.metrics} (the observation convention and counters,
 * which users may replace and which need only the protocol's {@code Op}). They use only
 * the protocol and each other.</li>
 * <li>server, duckdb, memory: the WebSocket server and the two backends; each uses only
 * the SPI and the protocol, never each other.</li>
 * <li>invalidation: tells live connections that a catalog changed, so it sits above the
 * server whose connections it walks; it reaches backends only through the SPI.</li>
 * <li>actuate: the endpoint and health indicator report on the server, invalidation and
 * the DuckDB database, so they sit above all three.</li>
 * <li>autoconfigure: wires everything; nothing depends on it.</li>
 * </ul>
 *
 * @author n6k
 */
@AnalyzeClasses(packages = "io.n6k", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String PROTOCOL = "Protocol";

	private static final String SPI = "SPI";

	private static final String SERVER = "Server";

	private static final String DUCKDB = "DuckDB";

	private static final String MEMORY = "Memory";

	private static final String INVALIDATION = "Invalidation";

	private static final String ACTUATE = "Actuate";

	private static final String AUTOCONFIGURE = "AutoConfigure";

	@ArchTest
	static final ArchRule layersPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
		.layer(PROTOCOL)
		.definedBy("io.n6k.protocol..")
		.layer(SPI)
		.definedBy("io.n6k.backend..", "io.n6k.access..", "io.n6k.metrics..")
		.layer(SERVER)
		.definedBy("io.n6k.server..")
		.layer(DUCKDB)
		.definedBy("io.n6k.duckdb..")
		.layer(MEMORY)
		.definedBy("io.n6k.memory..")
		.layer(INVALIDATION)
		.definedBy("io.n6k.invalidation..")
		.layer(ACTUATE)
		.definedBy("io.n6k.actuate..")
		.layer(AUTOCONFIGURE)
		.definedBy("io.n6k.autoconfigure..")
		.whereLayer(AUTOCONFIGURE)
		.mayNotBeAccessedByAnyLayer()
		.whereLayer(ACTUATE)
		.mayOnlyBeAccessedByLayers(AUTOCONFIGURE)
		.whereLayer(INVALIDATION)
		.mayOnlyBeAccessedByLayers(ACTUATE, AUTOCONFIGURE)
		.whereLayer(SERVER)
		.mayOnlyBeAccessedByLayers(INVALIDATION, ACTUATE, AUTOCONFIGURE)
		.whereLayer(DUCKDB)
		.mayOnlyBeAccessedByLayers(ACTUATE, AUTOCONFIGURE)
		.whereLayer(MEMORY)
		.mayOnlyBeAccessedByLayers(AUTOCONFIGURE)
		.whereLayer(SPI)
		.mayOnlyBeAccessedByLayers(SERVER, DUCKDB, MEMORY, INVALIDATION, ACTUATE, AUTOCONFIGURE)
		.whereLayer(PROTOCOL)
		.mayOnlyBeAccessedByLayers(SPI, SERVER, DUCKDB, MEMORY, INVALIDATION, ACTUATE, AUTOCONFIGURE);

	@ArchTest
	static final ArchRule nothingOutsideAutoConfigurationDependsOnIt = noClasses().that()
		.resideOutsideOfPackage("io.n6k.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.n6k.autoconfigure..");

	/**
	 * DuckDB's driver and its plan JSON are the DuckDB backend's business; the
	 * auto-configuration may name the driver to wire it.
	 */
	@ArchTest
	static final ArchRule onlyTheDuckDbBackendTalksToDuckDb = noClasses().that()
		.resideOutsideOfPackages("io.n6k.duckdb..", "io.n6k.autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.duckdb..", "tools.jackson..", "com.fasterxml..");

	@ArchTest
	static final ArchRule everyMainPackageBelongsToALayer = classes().should()
		.resideInAnyPackage("io.n6k.protocol..", "io.n6k.backend..", "io.n6k.access..", "io.n6k.metrics..",
				"io.n6k.server..", "io.n6k.duckdb..", "io.n6k.memory..", "io.n6k.invalidation..", "io.n6k.actuate..",
				"io.n6k.autoconfigure..");

}
