package io.n6k.support;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application the Spring Security tests start: every auto-configuration, Spring
 * Security's included. Tests import the security chain they exercise.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SecuredTestApplication {

}
