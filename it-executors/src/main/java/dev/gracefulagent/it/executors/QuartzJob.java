package dev.gracefulagent.it.executors;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The recorded job as Quartz runs it; its duration comes from the job data. */
@DisallowConcurrentExecution
public final class QuartzJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
        new RecordedJob("quartz", context.getMergedJobDataMap().getLong("ms")).run();
    }
}
