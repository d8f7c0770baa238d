package io.n6k.sample.shop;

import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP triggers for the example's application service.
 */
@RestController
@Profile("!conformance")
class ShopController {

	private final OrderService orders;

	ShopController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping("/orders")
	Map<String, Object> placeOrder(@RequestParam long customer, @RequestParam double amount) {
		return Map.of("order", this.orders.placeOrder(customer, amount));
	}

	@PostMapping("/promotions")
	Map<String, Object> startPromotion() {
		return Map.of("pushed", this.orders.startPromotion());
	}

}
