package dev.lifeline.server;

import dev.lifeline.test.LifelineServerTest;

/**
 * {@link AddressCapTests} with Spring's {@code ForwardedHeaderFilter} resolving the
 * client's address instead of the container.
 */
@LifelineServerTest(properties = { "lifeline.max-sessions-per-address=3", "server.forward-headers-strategy=framework",
		"lifeline.heartbeat.enabled=false" })
class AddressCapFrameworkStrategyTests extends AddressCapTests {

}
