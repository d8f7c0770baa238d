package io.n6k.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * Starts the application on a random port, as
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} does, and lets test methods take
 * an {@link N6kClients} parameter to attach real n6k clients to it:
 *
 * <pre class="code">
 * &#64;N6kTest(properties = "n6k.catalogs.shop.access=all")
 * class ShopTests {
 *
 *     &#64;Test
 *     void listsTables(N6kClients clients) {
 *         N6kClient client = clients.open("shop", "demo-token");
 *         assertThat(client.call(1, 2, Map.of())).isSuccess();
 *     }
 * }
 * </pre>
 *
 * @author n6k
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(N6kClientsExtension.class)
public @interface N6kTest {

	/**
	 * Properties for the application, as {@link SpringBootTest#properties()}.
	 * @return the properties
	 */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

	/**
	 * Component classes that load the application, as {@link SpringBootTest#classes()}.
	 * @return the classes
	 */
	@AliasFor(annotation = SpringBootTest.class)
	Class<?>[] classes() default {};

}
