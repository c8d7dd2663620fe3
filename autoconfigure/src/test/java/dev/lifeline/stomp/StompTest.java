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

package dev.lifeline.stomp;

import dev.lifeline.actuate.ActuatorClient;
import dev.lifeline.test.LifelineServerTest;
import dev.lifeline.test.SessionEventRecorder;
import dev.lifeline.test.StompTestApplication;
import dev.lifeline.test.UserFromQueryFilter;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@link LifelineServerTest @LifelineServerTest} of the {@link StompTestApplication},
 * with the websocket and metrics actuator endpoints exposed, personal data shown, users
 * from the {@code user} query parameter, and Lifeline's session events recorded.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import({ ActuatorClient.class, UserFromQueryFilter.class, SessionEventRecorder.class })
@LifelineServerTest(classes = StompTestApplication.class)
@TestPropertySource(properties = { "management.endpoints.web.exposure.include=websocket,metrics",
		"lifeline.actuator.show-values=always" })
@interface StompTest {

	/**
	 * Properties in {@code key=value} form to add to the environment, besides those of
	 * every STOMP test.
	 * @return the properties
	 */
	@AliasFor(annotation = LifelineServerTest.class, attribute = "properties")
	String[] properties() default {};

}
