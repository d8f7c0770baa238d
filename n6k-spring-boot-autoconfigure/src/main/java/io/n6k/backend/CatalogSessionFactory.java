package io.n6k.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The default {@link SessionFactory}: every connection is served by the same shared
 * handlers, one per catalog; a catalog nobody serves is refused with close code 4404.
 *
 * @author n6k
 * @since 0.1.0
 */
public class CatalogSessionFactory implements SessionFactory {

	private final Map<String, CatalogHandler> catalogs;

	/**
	 * Create a factory.
	 * @param catalogs handler per catalog name
	 */
	public CatalogSessionFactory(Map<String, CatalogHandler> catalogs) {
		this.catalogs = new LinkedHashMap<>(catalogs);
	}

	/**
	 * Return the names of the catalogs served.
	 * @return the names
	 */
	@Override
	public Set<String> catalogNames() {
		return this.catalogs.keySet();
	}

	@Override
	public ConnectionBackend connect(Handshake handshake) throws N6kRejectException {
		for (String catalog : handshake.catalogs()) {
			if (!this.catalogs.containsKey(catalog)) {
				throw new N6kRejectException(N6kRejectException.NOT_FOUND, "catalog \"" + catalog + "\" is not served");
			}
		}
		return (catalog) -> Objects.requireNonNull(this.catalogs.get(catalog), "catalog of the handshake");
	}

}
