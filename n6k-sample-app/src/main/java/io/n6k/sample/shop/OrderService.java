package io.n6k.sample.shop;

import java.util.Objects;

import io.n6k.invalidation.CatalogInvalidationService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Application code that changes the shop through plain JDBC, then tells connected n6k
 * clients what changed. Data changes need no push (clients read live data); shape changes
 * do, and {@link CatalogInvalidationService#notifyInvalidateIfStale} works out which
 * schemas changed from DuckDB's own catalog.
 */
@Service
@Profile("!conformance")
public class OrderService {

	private static final Log logger = LogFactory.getLog(OrderService.class);

	private final JdbcTemplate jdbc;

	private final CatalogInvalidationService invalidation;

	public OrderService(JdbcTemplate jdbc, CatalogInvalidationService invalidation) {
		this.jdbc = jdbc;
		this.invalidation = invalidation;
	}

	/**
	 * Record an order and its audit entry.
	 * @param customerId the customer
	 * @param amount the order total
	 * @return the new order id
	 */
	public long placeOrder(long customerId, double amount) {
		Long id = Objects.requireNonNull(
				this.jdbc.queryForObject("SELECT coalesce(max(id), 0) + 1 FROM shop.main.orders", Long.class),
				"the next order id");
		this.jdbc.update("INSERT INTO shop.main.orders VALUES (?, ?, ?, current_timestamp, ?)", id, customerId, amount,
				tenantOf(customerId));
		this.jdbc.update("INSERT INTO shop.main.audit VALUES (current_timestamp, ?)", "order " + id + " placed");
		return id;
	}

	/**
	 * Return the tenant a customer belongs to (as {@code shop.sql} seeds them).
	 * @param customerId the customer
	 * @return the tenant
	 */
	public static int tenantOf(long customerId) {
		return (int) (1 + customerId % 2);
	}

	/**
	 * Start a promotion: a new table and a new column, then one push to every client.
	 * @return whether any client was told
	 */
	public boolean startPromotion() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS shop.main.promotions (code VARCHAR, percent_off INTEGER)");
		this.jdbc.execute("ALTER TABLE shop.main.orders ADD COLUMN IF NOT EXISTS promotion VARCHAR");
		boolean pushed = this.invalidation.notifyInvalidateIfStale("shop");
		logger.info("Promotion started; schemas pushed to n6k clients: " + pushed);
		return pushed;
	}

}
