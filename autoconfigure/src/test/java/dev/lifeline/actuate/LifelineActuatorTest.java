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
