package io.n6k.support;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.n6k.backend.Handshake;
import io.n6k.backend.SessionFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Web users {@code alice} and {@code carol} (password: the name + {@code -pw}) and a
 * record of the handshakes the {@link SessionFactory} is given.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SecurityTestConfiguration {

	public static final List<Handshake> handshakes = new CopyOnWriteArrayList<>();

	@Bean
	UserDetailsService testUsers() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-pw").build(),
				User.withUsername("carol").password("{noop}carol-pw").build());
	}

	@Bean
	static BeanPostProcessor recordingSessionFactory() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SessionFactory factory) {
					return (SessionFactory) (handshake) -> {
						handshakes.add(handshake);
						return factory.connect(handshake);
					};
				}
				return bean;
			}

		};
	}

	/**
	 * Return the {@code Authorization} header of a Basic login.
	 * @param user the user
	 * @return the header value
	 */
	public static String basic(String user) {
		return "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + user + "-pw").getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return the n6k principal names of recorded handshakes.
	 * @return the names, {@code null} for anonymous
	 */
	public static List<String> principals() {
		List<String> names = new ArrayList<>();
		for (Handshake handshake : handshakes) {
			Principal principal = handshake.principal();
			names.add((principal != null) ? principal.getName() : null);
		}
		return names;
	}

}
