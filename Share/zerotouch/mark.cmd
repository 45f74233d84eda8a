@echo off
rem ZeroTouch status helper, published to the share root by 'zerotouch apply'.
rem   call mark.cmd FOLDER PHASE [DETAIL]
rem Writes FOLDER\status\PHASE (the boot server turns these markers into host states) and a line in
rem FOLDER\logs\autorun.log. FOLDER is the host's folder on the share, ending in a backslash.
if not exist "%~1status" mkdir "%~1status"
if not exist "%~1logs" mkdir "%~1logs"
> "%~1status\%~2" echo %DATE% %TIME% %~3
>> "%~1logs\autorun.log" echo [%DATE% %TIME%] phase %~2 %~3
echo ZeroTouch: %~2 %~3
exit /b 0
