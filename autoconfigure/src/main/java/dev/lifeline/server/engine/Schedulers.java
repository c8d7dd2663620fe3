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

package dev.lifeline.server.engine;

import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Lifeline's private schedulers: one daemon thread each, named for what it does, started
 * and stopped with the bean that owns it rather than shared with the application. They
 * are built with Spring Boot's {@link ThreadPoolTaskSchedulerBuilder} but not from the
 * application's builder bean, so that {@code spring.task.scheduling.*} and the
 * application's customizers, meant for its own scheduled work, do not apply to them.
 *
 * @author Lifeline contributors
 */
final class Schedulers {

	private Schedulers() {
	}

	static ThreadPoolTaskScheduler singleThread(String threadNamePrefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskSchedulerBuilder().poolSize(1)
			.threadNamePrefix(threadNamePrefix)
			.customizers((built) -> built.setDaemon(true))
			.build();
		scheduler.initialize();
		return scheduler;
	}

}
