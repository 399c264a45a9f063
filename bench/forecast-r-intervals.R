# The coverage of R forecast's own 90% prediction intervals (ets(), thetaf(), auto.arima()) on the forecasting
# benchmark's series, scored as bench/forecast-bench.sh scores seq4j: the last horizon (M4's: 18 monthly, 8 quarterly,
# 6 yearly) and 12 rolling origins, each model fitted to everything before its origin. A reference for issue 31's
# interval bar. Needs R and the forecast package: apt-get install r-base-core r-cran-forecast (Debian 12: R 4.2.2,
# forecast 8.20). Run from the repository root: Rscript bench/forecast-r-intervals.R (about 40 minutes on a busy 2-core machine).
suppressMessages(library(forecast))
series <- list(
 c("data/statsmodels/elec_equip.csv",12,18), c("data/forecast-bench/global_temp.csv",1,6),
 c("data/statsmodels/nile.csv",1,6), c("data/statsmodels/sunspots.csv",10,6),
 c("data/forecast-bench/us_births_1969_1988.csv",12,18), c("data/forecast-bench/us_births_2000_2014.csv",12,18),
 c("data/forecast-bench/us_federal_receipts.csv",1,6), c("data/forecast-bench/us_infant_mortality.csv",1,6),
 c("data/forecast-bench/us_nonfarm_employment.csv",12,18), c("data/forecast-bench/us_real_gdp.csv",4,8),
 c("data/forecast-bench/us_unemployed_agriculture.csv",12,18), c("data/forecast-bench/us_unemployed_construction.csv",12,18),
 c("data/forecast-bench/us_unemployment_rate.csv",4,8), c("data/forecast-bench/seattle_temp_max.csv",12,18))
for (nO in c(1,12)) {
  tot <- c(ets=0, theta=0, arima=0); n <- 0
  for (s in series) {
    d <- read.csv(s[1]); y <- d[[ncol(d)]]; m <- as.integer(s[2]); h <- as.integer(s[3]); T <- length(y)
    ins <- c(ets=0, theta=0, arima=0); cnt <- 0
    for (o in (T-h-nO+1):(T-h)) {
      x <- ts(y[1:o], frequency=m); a <- y[(o+1):(o+h)]
      fe <- forecast(ets(x), h=h, level=90); ft <- thetaf(x, h=h, level=90); fa <- forecast(auto.arima(x), h=h, level=90)
      ins["ets"] <- ins["ets"] + sum(a >= fe$lower & a <= fe$upper)
      ins["theta"] <- ins["theta"] + sum(a >= ft$lower & a <= ft$upper)
      ins["arima"] <- ins["arima"] + sum(a >= fa$lower & a <= fa$upper)
      cnt <- cnt + h
    }
    cat(sprintf("o%d %-32s ets %.2f theta %.2f arima %.2f\n", nO, basename(s[1]), ins["ets"]/cnt, ins["theta"]/cnt, ins["arima"]/cnt))
    if (basename(s[1]) != "seattle_temp_max.csv") { tot <- tot + ins; n <- n + cnt }
  }
  cat(sprintf("o%d pooled (13, no seattle): ets %.3f theta %.3f arima %.3f\n", nO, tot["ets"]/n, tot["theta"]/n, tot["arima"]/n))
}
