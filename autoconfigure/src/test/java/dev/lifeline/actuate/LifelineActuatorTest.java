package dev.lifeline.actuate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.lifeline.test.LifelineServerTest;

import org.springframework.context.annotation.Import;

/**
 * A {@link LifelineServerTest @LifelineServerTest} of the echo application, with the
 * health, websocket, metrics and prometheus endpoints exposed and a 200 ms heartbeat, and
 * an {@link ActuatorClient} bean. Add properties with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ActuatorClient.class)
@LifelineServerTest(properties = { "management.endpoints.web.exposure.include=health,websocket,metrics,prometheus",
		"management.endpoint.health.show-details=always", "lifeline.heartbeat.interval=200ms",
		"lifeline.heartbeat.timeout=3s" })
public @interface LifelineActuatorTest {

}
