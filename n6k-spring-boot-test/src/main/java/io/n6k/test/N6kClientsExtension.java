package io.n6k.test;

import io.n6k.server.N6kServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Attaches n6k clients to the application a {@code @SpringBootTest} started on a real
 * port: resolves an {@link N6kClients} parameter of a test method, and after the test
 * closes its clients and checks that nothing leaked. Registered by {@link N6kTest}.
 *
 * @author n6k
 * @since 0.1.0
 */
public class N6kClientsExtension implements ParameterResolver, AfterEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(N6kClientsExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == N6kClients.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return extensionContext.getStore(NAMESPACE)
			.computeIfAbsent(N6kClients.class, (key) -> create(extensionContext), N6kClients.class);
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		N6kClients clients = context.getStore(NAMESPACE).remove(N6kClients.class, N6kClients.class);
		if (clients != null) {
			clients.closeAndVerify();
		}
	}

	private static N6kClients create(ExtensionContext context) {
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		Integer port = application.getEnvironment().getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("n6k clients need a running server: use "
					+ "@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT) or @N6kTest");
		}
		return new N6kClients(port, application.getBean(N6kServer.class));
	}

}
