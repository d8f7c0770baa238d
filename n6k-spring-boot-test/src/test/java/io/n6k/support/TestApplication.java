package io.n6k.support;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The application the socket-level tests start on a random port.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

}
