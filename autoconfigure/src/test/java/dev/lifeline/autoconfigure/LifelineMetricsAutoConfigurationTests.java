/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.lifeline.autoconfigure;

import dev.lifeline.metrics.WebSocketMeterBinder;
import dev.lifeline.server.CloseCause;
import dev.lifeline.server.RejectionReason;
import dev.lifeline.server.SessionClosure;
import dev.lifeline.server.engine.TestSessions;
import dev.lifeline.server.WebSocketSessions;
import dev.lifeline.server.engine.SessionRegistry;
import dev.lifeline.test.EchoTestApplication.EchoHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
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
			assertThat(registry.get("websocket.session.duration").timers()).hasSize(CloseCause.values().length);
			assertThat(registry.get("websocket.sessions.limit").gauge().value()).isEqualTo(10_000);
		});
	}

	@Test
	void sessionDurationIsRecordedByCause() {
		this.contextRunner.run((context) -> {
			WebSocketMeterBinder binder = context.getBean(WebSocketMeterBinder.class);
			binder.sessionClosed(TestSessions.open(context.getBean(SessionRegistry.class), "s1"),
					closure(CloseCause.HEARTBEAT_TIMEOUT, Duration.ofSeconds(90)));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer timer = registry.get("websocket.session.duration").tag("cause", "HEARTBEAT_TIMEOUT").timer();
			assertThat(timer.count()).isOne();
			assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(90);
			assertThat(registry.get("websocket.session.duration").tag("cause", "NORMAL").timer().count()).isZero();
		});
	}

	@Test
	void timersPublishNoHistogramUnlessAsked() {
		this.contextRunner.run((context) -> {
			WebSocketMeterBinder binder = context.getBean(WebSocketMeterBinder.class);
			binder.sessionClosed(TestSessions.open(context.getBean(SessionRegistry.class), "s1"),
					closure(CloseCause.NORMAL, Duration.ofSeconds(5)));
			binder.pongReceived(TestSessions.open(context.getBean(SessionRegistry.class), "s1"), Duration.ofMillis(3));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("websocket.session.duration")
				.tag("cause", "NORMAL")
				.timer()
				.takeSnapshot()
				.histogramCounts()).isEmpty();
			assertThat(registry.get("websocket.heartbeat.rtt").timer().takeSnapshot().histogramCounts()).isEmpty();
		});
	}

	@Test
	void sessionDurationTakesSloBucketsFromBootsDistributionProperties() {
		this.contextRunner
			.withPropertyValues("management.metrics.distribution.slo.websocket.session.duration=1m,10m,1h")
			.run((context) -> {
				WebSocketMeterBinder binder = context.getBean(WebSocketMeterBinder.class);
				binder.sessionClosed(TestSessions.open(context.getBean(SessionRegistry.class), "s1"),
						closure(CloseCause.NORMAL, Duration.ofMinutes(5)));
				HistogramSnapshot snapshot = context.getBean(MeterRegistry.class)
					.get("websocket.session.duration")
					.tag("cause", "NORMAL")
					.timer()
					.takeSnapshot();
				assertThat(snapshot.histogramCounts()).extracting((bucket) -> bucket.bucket(TimeUnit.SECONDS))
					.containsExactly(60.0, 600.0, 3600.0);
				assertThat(snapshot.histogramCounts()).extracting(CountAtBucket::count).containsExactly(0.0, 1.0, 1.0);
			});
	}

	@Test
	void heartbeatRttPublishesAHistogramWhenAskedThroughBootsProperties() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(PrometheusMetricsExportAutoConfiguration.class))
			.withPropertyValues("management.metrics.distribution.percentiles-histogram.websocket.heartbeat.rtt=true")
			.run((context) -> {
				context.getBean(WebSocketMeterBinder.class)
					.pongReceived(TestSessions.open(context.getBean(SessionRegistry.class), "s1"),
							Duration.ofMillis(3));
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains(
						"websocket_heartbeat_rtt_seconds_bucket{endpoint=\"echoTestApplication.EchoHandler\",le=\"0.001\"} 0")
					.contains(
							"websocket_heartbeat_rtt_seconds_bucket{endpoint=\"echoTestApplication.EchoHandler\",le=\"+Inf\"} 1")
					.doesNotContain("websocket_session_duration_seconds_bucket");
			});
	}

	private static SessionClosure closure(CloseCause cause, Duration duration) {
		return new SessionClosure("1", Instant.now(), 1000, "", cause, "127.0.0.1", null, duration);
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
			return new WebSocketMeterBinder(sessions);
		}

	}

}
