package io.n6k.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The n6k sample application: a small shop served to n6k clients (default profile), and
 * the n6k conformance server on port 8099 (profile {@code conformance}).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
