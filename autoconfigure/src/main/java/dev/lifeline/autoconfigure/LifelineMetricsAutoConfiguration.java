package dev.lifeline.autoconfigure;

import dev.lifeline.metrics.WebSocketMeterBinder;
import dev.lifeline.server.WebSocketSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link WebSocketMeterBinder}.
 *
 * @author Lifeline contributors
 */
@AutoConfiguration(after = LifelineAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean({ MeterRegistry.class, WebSocketSessions.class })
public final class LifelineMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WebSocketMeterBinder webSocketMeterBinder(WebSocketSessions sessions) {
		return new WebSocketMeterBinder(sessions);
	}

}
