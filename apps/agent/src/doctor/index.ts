// `gantry-agent doctor`: checks of this machine that need no running agent. The report
// type is public: the cloud's `diagnostics` command will carry it.
export { DOCTOR_CHECKS } from './checks/index.js';
export { createDoctorContext, type DoctorContext, type DoctorContextOptions } from './context.js';
export {
  CheckFindingSchema,
  CheckResultSchema,
  CheckStatusSchema,
  DoctorReportSchema,
  type CheckFinding,
  type CheckResult,
  type CheckStatus,
  type DoctorReport,
} from './report.js';
export { runCheck, runDoctor, type DoctorCheck, type RunDoctorOptions } from './runner.js';
