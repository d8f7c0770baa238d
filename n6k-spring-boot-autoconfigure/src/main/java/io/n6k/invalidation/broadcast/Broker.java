package io.n6k.invalidation.broadcast;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A message broker that carries invalidations between instances: the SPI that Redis and
 * PostgreSQL implement. A broker numbers the invalidations of each catalog (a sequence
 * kept in the broker), remembers per schema the last number and the instance that sent
 * it, and keeps the shared staleness baseline. Methods may block on the network; the
 * {@link BroadcastRelay} calls them off the application's threads.
 *
 * @author n6k
 * @since 0.1.0
 */
public interface Broker {

	/**
	 * Return a short name for logs and health ({@code redis}, {@code postgres}).
	 * @return the name
	 */
	String name();

	/**
	 * Start receiving the messages sent by all instances (this one included),
	 * reconnecting on its own after a failure.
	 * @param receiver where messages and failures go
	 */
	void start(Receiver receiver);

	/**
	 * Stop receiving and release the broker's resources.
	 */
	void stop();

	/**
	 * Atomically take the catalog's next sequence number, record it for each schema and
	 * send {@link InvalidationMessage#invalidation} to all instances.
	 * @param instance the sending instance
	 * @param catalog the catalog
	 * @param schemas the schemas
	 * @param epochCandidate the epoch to use if the broker has none (it lost its data)
	 * @throws Exception when the broker cannot be reached
	 */
	void publish(String instance, String catalog, List<String> schemas, String epochCandidate) throws Exception;

	/**
	 * Send a message as is to all instances.
	 * @param message the message
	 * @throws Exception when the broker cannot be reached
	 */
	void send(String message) throws Exception;

	/**
	 * Return, per catalog, what was last sent for each schema.
	 * @return the catalogs
	 * @throws Exception when the broker cannot be reached
	 */
	Map<String, CatalogVersions> versions() throws Exception;

	/**
	 * See {@link InvalidationBroadcast#baseline}.
	 * @param catalog the catalog
	 * @return the baseline or {@code null}
	 * @throws Exception when the broker cannot be reached
	 */
	@Nullable Map<String, String> baseline(String catalog) throws Exception;

	/**
	 * See {@link InvalidationBroadcast#swapBaseline}.
	 * @param catalog the catalog
	 * @param shapes the shapes
	 * @param epochCandidate the epoch to use if the catalog is new to the broker
	 * @return the changed schemas or {@code null} when there was no baseline
	 * @throws Exception when the broker cannot be reached
	 */
	@Nullable Set<String> swapBaseline(String catalog, Map<String, String> shapes, String epochCandidate) throws Exception;

	/**
	 * See {@link InvalidationBroadcast#initBaseline}.
	 * @param catalog the catalog
	 * @param shapes the shapes
	 * @param epochCandidate the epoch to use if the catalog is new to the broker
	 * @throws Exception when the broker cannot be reached
	 */
	void initBaseline(String catalog, Map<String, String> shapes, String epochCandidate) throws Exception;

	/**
	 * What was last sent for the schemas of one catalog.
	 *
	 * @param epoch identifies the broker's sequence: it changes when the broker lost its
	 * data, so numbers of different epochs are not comparable
	 * @param stamps per schema, the sequence number and instance of the last invalidation
	 */
	record CatalogVersions(String epoch, Map<String, Stamp> stamps) {
	}

	/**
	 * The last invalidation of a schema.
	 *
	 * @param version its sequence number in the catalog
	 * @param instance the instance that sent it
	 */
	record Stamp(long version, String instance) {
	}

	/**
	 * Receives what a broker delivers.
	 */
	interface Receiver {

		/**
		 * A message sent by an instance (this one included), in the order the broker
		 * numbered them.
		 * @param message the message
		 */
		void received(String message);

		/**
		 * The subscription broke; messages may be lost until it is back.
		 * @param cause why
		 */
		void lost(Exception cause);

	}

}
