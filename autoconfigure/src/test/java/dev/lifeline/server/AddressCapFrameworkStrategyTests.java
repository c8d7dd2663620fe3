package dev.lifeline.server;

import dev.lifeline.test.EchoTestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * {@link AddressCapTests} with Spring's {@code ForwardedHeaderFilter} resolving the
 * client's address instead of the container.
 */
@SpringBootTest(classes = EchoTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "lifeline.max-sessions-per-address=3", "server.forward-headers-strategy=framework",
				"lifeline.heartbeat.enabled=false" })
class AddressCapFrameworkStrategyTests extends AddressCapTests {

}
