package dev.lifeline.autoconfigure;

import dev.lifeline.metrics.WebSocketMeterBinder;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.test.EchoTestApplication.EchoHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LifelineMetricsAutoConfiguration}.
 */
class LifelineMetricsAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				LifelineAutoConfiguration.class, LifelineMetricsAutoConfiguration.class))
		.withBean(EchoHandler.class);

	@Test
	void bindsEveryMeter() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WebSocketMeterBinder.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("websocket.sessions.active").gauge().value()).isZero();
			assertThat(registry.get("websocket.sessions.opened").functionCounter().count()).isZero();
			assertThat(registry.get("websocket.sessions.closed").functionCounters())
				.hasSize(CloseCause.values().length);
			assertThat(registry.get("websocket.handshakes.rejected").functionCounters())
				.hasSize(RejectionReason.values().length);
			assertThat(registry.get("websocket.messages.received").tag("type", "text").functionCounter().count())
				.isZero();
			assertThat(registry.get("websocket.messages.sent").tag("type", "binary").functionCounter().count())
				.isZero();
			assertThat(registry.get("websocket.heartbeat.pings").functionCounter().count()).isZero();
			assertThat(registry.get("websocket.heartbeat.rtt").timer().count()).isZero();
			assertThat(registry.get("websocket.session.duration").timer().count()).isZero();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(WebSocketSessions.class);
			assertThat(context).doesNotHaveBean(WebSocketMeterBinder.class);
		});
	}

	@Test
	void backsOffWithoutMeterRegistry() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LifelineAutoConfiguration.class, LifelineMetricsAutoConfiguration.class))
			.withBean(EchoHandler.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(WebSocketSessions.class);
				assertThat(context).doesNotHaveBean(WebSocketMeterBinder.class);
			});
	}

	@Test
	void backsOffWhenLifelineIsDisabled() {
		this.contextRunner.withPropertyValues("lifeline.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebSocketMeterBinder.class));
	}

	@Test
	void userBinderReplacesAutoConfiguredOne() {
		this.contextRunner.withUserConfiguration(CustomBinderConfiguration.class)
			.run((context) -> assertThat(context).getBeanNames(WebSocketMeterBinder.class)
				.containsExactly("customBinder"));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomBinderConfiguration {

		@Bean
		WebSocketMeterBinder customBinder(WebSocketSessions sessions) {
			return new WebSocketMeterBinder(sessions, null);
		}

	}

}
