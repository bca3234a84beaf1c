package platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.util.concurrent.atomic.AtomicLong;

/** A startup singleton with a non-persistent calendar timer: the EJB container, as ours starts it. */
@Singleton
@Startup
public class Ticks {

    private final AtomicLong count = new AtomicLong();

    @Resource
    TimerService timers;

    @PostConstruct
    void start() {
        timers.createCalendarTimer(
                new ScheduleExpression().hour("*").minute("*").second("*/5"), new TimerConfig("tick", false));
    }

    @Timeout
    void tick() {
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }
}
